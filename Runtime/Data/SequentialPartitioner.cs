using System.Numerics;

namespace Strata.Data;

/// <summary>
/// d2l's <c>seq_data_iter_sequential</c>, for truncated backpropagation through time with the hidden state carried
/// from one batch to the next. Each epoch drops a random offset in [0, steps] (both ends included, as Python's
/// <c>random.randint(0, num_steps)</c>) from the front, cuts what follows into <see cref="BatchSize"/> equal rows
/// (dropping the remainder), and walks along the rows <see cref="Steps"/> tokens at a time: row r of batch i+1 continues
/// row r of batch i, so the state a model leaves for row r after batch i is the right start for batch i+1. Targets are
/// the inputs shifted one token ahead. Batches are written into the caller's buffers, laid out [batch, steps]
/// (row-major, batch-first), so an epoch allocates nothing.
/// </summary>
public sealed class SequentialPartitioner
{
    private readonly int[] _tokens;
    private readonly Random _random;
    private int _rowLength;

    /// <summary>
    /// Partitions <paramref name="tokens"/> (kept, not copied) into batches of <paramref name="batchSize"/> rows of
    /// <paramref name="steps"/> tokens; <paramref name="seed"/> fixes the sequence of per-epoch offsets. The corpus must
    /// give at least one batch at every offset: batchSize × steps + steps + 1 tokens.
    /// </summary>
    public SequentialPartitioner(int[] tokens, int batchSize, int steps, int seed)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var needed = (long)batchSize * steps + steps + 1;
        if (tokens.Length < needed)
        {
            throw new ArgumentException(
                $"Batches of {batchSize} × {steps} with offsets up to {steps} need at least {needed} tokens, got {tokens.Length}.",
                nameof(tokens));
        }

        _tokens = tokens;
        _random = new Random(seed);
        BatchSize = batchSize;
        Steps = steps;
        StartEpoch(0);
    }

    /// <summary>The number of rows in a batch: the number of independent streams, each with its own carried state.</summary>
    public int BatchSize { get; }

    /// <summary>The number of time steps in a batch: how far gradients flow back before the truncation.</summary>
    public int Steps { get; }

    /// <summary>The current epoch's offset, in [0, <see cref="Steps"/>].</summary>
    public int Offset { get; private set; }

    /// <summary>The number of batches in the current epoch (it can differ by one between offsets).</summary>
    public int BatchCount { get; private set; }

    /// <summary>Starts an epoch at the next random offset and returns its batch count.</summary>
    public int StartEpoch() => StartEpoch(_random.Next(Steps + 1));

    /// <summary>Starts an epoch at the given offset (in [0, <see cref="Steps"/>]) and returns its batch count.</summary>
    public int StartEpoch(int offset)
    {
        if (offset < 0 || offset > Steps)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Expected an offset in [0, {Steps}].");
        }

        Offset = offset;
        _rowLength = (_tokens.Length - offset - 1) / BatchSize;
        BatchCount = _rowLength / Steps;
        return BatchCount;
    }

    /// <summary>
    /// Writes batch <paramref name="index"/> of the current epoch: <paramref name="inputs"/> and
    /// <paramref name="targets"/> are [<see cref="BatchSize"/>, <see cref="Steps"/>], and targets[r, t] is the token
    /// after inputs[r, t]. Inputs may be floats, for a model whose input tensor holds token ids.
    /// </summary>
    public void Batch<T>(int index, Span<T> inputs, Span<int> targets)
        where T : INumberBase<T>
    {
        if ((uint)index >= (uint)BatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a batch index in [0, {BatchCount}).");
        }

        var length = BatchSize * Steps;
        if (inputs.Length != length || targets.Length != length)
        {
            throw new ArgumentException(
                $"Expected buffers of {BatchSize} × {Steps} = {length} tokens, got {inputs.Length} inputs and {targets.Length} targets.");
        }

        for (var row = 0; row < BatchSize; row++)
        {
            var start = Offset + row * _rowLength + index * Steps;
            var source = _tokens.AsSpan(start, Steps + 1);
            var inputRow = inputs.Slice(row * Steps, Steps);
            for (var t = 0; t < Steps; t++)
            {
                inputRow[t] = T.CreateTruncating(source[t]);
            }

            source[1..].CopyTo(targets.Slice(row * Steps, Steps));
        }
    }
}
