using Strata.Data;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Gathers batches of padded token sequences into a sequence model's input, each batch padded only to its own longest
/// sequence, with the lengths that make every sequence end at its own last valid step. Input tensors, lengths arrays and
/// gradient tensors are kept per shape, so steady-state epochs allocate nothing. On a GPU the inputs are double-buffered
/// (<see cref="PrefetchedInputs"/>, one pair per batch size and padded length), so the next batch's ids can go up on the
/// copy stream while this one computes.
/// </summary>
internal sealed class SequenceBatches(ISequenceModel model, PaddedSequences sequences) : IDisposable
{
    private readonly Dictionary<(int Batch, int Steps), Tensor> _inputs = [];
    private readonly Dictionary<int, int[]> _lengths = [];
    private readonly Dictionary<string, Tensor> _gradients = new(StringComparer.Ordinal);
    private PrefetchedInputs? _prefetched;
    private float[] _ids = [];

    /// <summary>Checks that <paramref name="model"/> reads token ids, as padded sequences hold.</summary>
    public static ISequenceModel TokenModel(IModel model)
    {
        var sequenceModel = model as ISequenceModel ?? throw new ArgumentException(
            $"Sequence sets train a model declared with [Input(Sequence, …)] (an {nameof(ISequenceModel)}), which {model.GetType().Name} is not.",
            nameof(model));
        if (model.InputShape.Count != 1)
        {
            throw new ArgumentException(
                $"Padded sequences hold token ids, one per step, but {model.GetType().Name} takes [{string.Join(", ", model.InputShape)}] " +
                "per sequence (feature vectors per step); declare it with [Input(Sequence, Tokens, vocabulary)].",
                nameof(model));
        }

        return sequenceModel;
    }

    /// <summary>The lengths of the last <see cref="Forward"/>'s batch.</summary>
    public int[] Lengths { get; private set; } = [];

    /// <summary>The padded length of the last <see cref="Forward"/>'s batch.</summary>
    public int Steps { get; private set; }

    /// <summary>
    /// Runs the sequences at <paramref name="rows"/> through the model with their lengths; returns its output. On a GPU
    /// the batch comes from its double-buffered slot (prefetched when the previous call was told these rows), and once
    /// the forward is queued the sequences at <paramref name="next"/> (none when empty) are gathered and their copy
    /// queued on the copy stream, before the caller reads the loss; the caller calls <see cref="Release"/> after its
    /// backward.
    /// </summary>
    public Tensor Forward(ReadOnlySpan<int> rows, ReadOnlySpan<int> next = default)
    {
        if (model.Device.IsGpu)
        {
            _prefetched ??= new PrefetchedInputs(
                model.Device, batch => [sequences.PaddedLength(batch)], (batch, ids, lengths) => sequences.Gather(batch, ids, lengths));
            var (ids, batchLengths) = _prefetched.Acquire(rows);
            UploadedTokenIds.Vouch(ids, _prefetched.Features);
            (Lengths, Steps) = (batchLengths, ids.Shape[1]);
            var output = model.Forward(ids, batchLengths);
            _prefetched.Prefetch(next);
            return output;
        }

        // The model takes lengths as an array of exactly one entry per sequence, so keep one per batch size.
        if (!_lengths.TryGetValue(rows.Length, out var lengths))
        {
            lengths = new int[rows.Length];
            _lengths.Add(rows.Length, lengths);
        }

        if (_ids.Length < rows.Length * sequences.MaxLength)
        {
            _ids = new float[rows.Length * sequences.MaxLength];
        }

        var steps = sequences.Gather(rows, _ids.AsSpan(), lengths);
        if (!_inputs.TryGetValue((rows.Length, steps), out var input))
        {
            input = model.Device.Allocate(rows.Length, steps);
            _inputs.Add((rows.Length, steps), input);
        }

        UploadedTokenIds.Upload(input, _ids.AsSpan(0, rows.Length * steps));
        (Lengths, Steps) = (lengths, steps);
        return model.Forward(input, lengths);
    }

    /// <summary>Records, on a GPU, that every launch reading the last <see cref="Forward"/>'s input has been queued.</summary>
    public void Release() => _prefetched?.Release();

    /// <summary>A reused tensor of <paramref name="output"/>'s shape for the loss's gradient.</summary>
    public Tensor GradientFor(Tensor output)
    {
        var key = string.Join(',', output.Shape);
        if (!_gradients.TryGetValue(key, out var gradient))
        {
            gradient = model.Device.Allocate(output.Shape);
            _gradients.Add(key, gradient);
        }

        return gradient;
    }

    public void Dispose()
    {
        foreach (var tensor in _inputs.Values.Concat(_gradients.Values))
        {
            tensor.Dispose();
        }

        _inputs.Clear();
        _gradients.Clear();
        _prefetched?.Dispose();
    }
}
