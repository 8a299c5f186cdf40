using Strata.Data;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Trains a model whose output is a per-step sequence of logits [T, classes] (a CRNN: convolutions,
/// <c>[ToSequence(SequenceAxis.Width)]</c>, a recurrent layer and a per-step Dense) with <see cref="CtcLoss"/> on
/// unaligned label sequences: each epoch visits the samples once in an order drawn by a <see cref="Philox"/> generator
/// seeded with the seed, and each batch hands CTC its samples' input lengths (in steps) and concatenated labels. It
/// measures the loss, whole-line accuracy and character error rate with greedy decoding (or prefix beam search in
/// <see cref="Evaluate"/>). Input, gradient and label buffers are kept per batch size. For a model on a GPU the loss and
/// its gradient are computed on the device (<see cref="CtcLoss"/>), and a training step's greedy decoding is an arg-max
/// on the device into a buffer covering the epoch, read back once after its last step: a step uploads its batch and the
/// CTC labels and downloads only the loss. With <see cref="PrefetchBatches"/>, the next batch's features go up on the
/// device's copy stream while the current batch computes, as in <see cref="Trainer"/>.
/// </summary>
public sealed class CtcTraining : IDisposable
{
    private readonly IModel _model;
    private readonly IOptimizer _optimizer;
    private readonly int _batchSize;
    private readonly Philox _shuffle;
    private readonly CtcLoss _loss;
    private readonly Dictionary<int, BatchBuffers> _buffers = [];
    private readonly Dictionary<int, Tensor> _gradients = [];
    private PrefetchedInputs? _inputs;
    private CtcDataset? _staged;
    private CtcBestPaths? _bestPaths;
    private int[] _targets = [];
    private int _step;

    /// <summary>
    /// Prepares to train <paramref name="model"/>'s parameters with <paramref name="optimizer"/> in batches of
    /// <paramref name="batchSize"/> samples (the last one of an epoch smaller), shuffled with <paramref name="seed"/>, with
    /// <paramref name="loss"/> (a mean-reduced CTC loss with blank 0 when null). Throws <see cref="ArgumentException"/>
    /// for a model whose output is not [steps, classes], one that already ends in a softmax, or a loss without reduction.
    /// </summary>
    public CtcTraining(IModel model, IOptimizer optimizer, int batchSize, int seed, CtcLoss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (model.OutputShape.Count != 2 || model.OutputShape[0] < 1)
        {
            throw new ArgumentException(
                $"CTC reads a per-step output [steps, classes], got [{string.Join(", ", model.OutputShape)}].", nameof(model));
        }

        if (model.OutputsProbabilities)
        {
            throw new ArgumentException(
                $"CTC applies its own log-softmax, but {model.GetType().Name} already ends in a softmax; train on the logits.", nameof(model));
        }

        if (loss is { Reduction: Reduction.None })
        {
            throw new ArgumentException("Training needs one loss per batch: use Reduction.Mean or Reduction.Sum.", nameof(loss));
        }

        _model = model;
        _optimizer = optimizer;
        _batchSize = batchSize;
        _shuffle = new Philox(unchecked((ulong)seed));
        _loss = loss ?? new CtcLoss();
    }

    /// <summary>The learning rate at each optimiser step (counted from 0 across epochs), or null to leave it alone.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>The global gradient-norm bound applied before each step (<see cref="GradientClipping"/>), or null for none.</summary>
    public float? ClipNorm { get; init; }

    /// <summary>
    /// Whether each batch is told the next one, so that on a GPU the next batch's features are gathered into page-locked
    /// memory and copied on the device's copy stream while the current batch computes (as <see cref="Trainer.PrefetchBatches"/>);
    /// the results are the same either way. Default true.
    /// </summary>
    public bool PrefetchBatches { get; init; } = true;

    /// <summary>The generator that orders each epoch.</summary>
    public Philox Shuffle => _shuffle;

    /// <summary>The number of steps (output time steps) the model gives each sample.</summary>
    public int Steps => _model.OutputShape[0];

    /// <summary>
    /// One training pass over <paramref name="data"/> in training mode: forward, CTC loss, backward and an optimiser step
    /// per batch. The loss, line accuracy and character error rate are measured with greedy decoding on each batch before
    /// its step: the loss is read each step; each batch's best paths are kept where its logits are (on a GPU, a device
    /// buffer) and read, collapsed and scored once the epoch's steps are done. Clipping (<see cref="ClipNorm"/>) reads
    /// nothing back either.
    /// </summary>
    public CtcEpoch RunEpoch(CtcDataset data)
    {
        Check(data);
        _model.Train();
        var order = Enumerable.Range(0, data.Count).ToArray();
        _shuffle.Shuffle(order.AsSpan());
        var tally = new Tally();
        _bestPaths ??= new CtcBestPaths(_model.Device, Steps);
        _bestPaths.Begin(order.Length);
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            var (logits, gradient, _, loss) = Batch(data, rows, Next(order, start));
            tally.Add(loss, rows.Length);
            _bestPaths.Add(logits, start);
            _model.Backward(gradient);
            _inputs?.Release();
            if (ClipNorm is { } clip)
            {
                GradientClipping.Clip(_model.Parameters, clip);
            }

            if (Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.LearningRateAt(_step);
            }

            _optimizer.Step();
            _step++;
        }

        var lengths = order.Select(row => data.InputLengths[row]).ToArray();
        tally.Add(data, order, _bestPaths.Decode(order.Length, lengths, _loss.Blank));
        return tally.Result(data.Count);
    }

    /// <summary>
    /// The mean loss, line accuracy and character error rate on <paramref name="data"/> in evaluation mode, in order; the
    /// weights are left alone. A <paramref name="beamWidth"/> of 0 decodes greedily, above 0 with prefix beam search.
    /// </summary>
    public CtcEpoch Evaluate(CtcDataset data, int beamWidth = 0)
    {
        Check(data);
        ArgumentOutOfRangeException.ThrowIfNegative(beamWidth);
        _model.Eval();
        var tally = new Tally();
        var order = Enumerable.Range(0, data.Count).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            var (logits, _, lengths, loss) = Batch(data, rows, Next(order, start));
            var decoded = beamWidth == 0
                ? CtcDecoding.Greedy(logits, lengths, _loss.Blank)
                : CtcDecoding.BeamSearch(logits, beamWidth, lengths, _loss.Blank);
            _inputs?.Release();
            tally.Add(loss, rows.Length);
            tally.Add(data, rows, decoded);
        }

        return tally.Result(data.Count);
    }

    /// <summary>The greedy transcription of each sample of <paramref name="data"/>, in evaluation mode.</summary>
    public int[][] Transcribe(CtcDataset data)
    {
        Check(data);
        _model.Eval();
        var result = new List<int[]>(data.Count);
        var order = Enumerable.Range(0, data.Count).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            var (logits, _, lengths, _) = Batch(data, rows, Next(order, start), withLoss: false);
            result.AddRange(CtcDecoding.Greedy(logits, lengths, _loss.Blank));
            _inputs?.Release();
        }

        return [.. result];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var buffers in _buffers.Values)
        {
            buffers.Dispose();
        }

        foreach (var gradient in _gradients.Values)
        {
            gradient.Dispose();
        }

        _buffers.Clear();
        _gradients.Clear();
        _inputs?.Dispose();
        _inputs = null;
        _bestPaths?.Dispose();
        _bestPaths = null;
    }

    /// <summary>The samples of the batch after the one at <paramref name="start"/> in <paramref name="order"/> (none after the last, or without <see cref="PrefetchBatches"/>).</summary>
    private ReadOnlySpan<int> Next(int[] order, int start)
    {
        var next = start + _batchSize;
        return PrefetchBatches && next < order.Length ? order.AsSpan(next, Math.Min(_batchSize, order.Length - next)) : [];
    }

    /// <summary>
    /// Gathers the batch at <paramref name="rows"/>, runs its forward and, with <paramref name="withLoss"/>, the loss
    /// and its gradient. On a GPU the batch comes from a double-buffered slot (<see cref="PrefetchedInputs"/>), and the
    /// batch at <paramref name="next"/> is gathered and its copy queued on the copy stream once the forward is queued;
    /// the caller calls <c>_inputs.Release()</c> after its last launch that reads the input.
    /// </summary>
    private (Tensor Logits, Tensor Gradient, int[] InputLengths, double Loss) Batch(
        CtcDataset data, ReadOnlySpan<int> rows, ReadOnlySpan<int> next, bool withLoss = true)
    {
        Tensor logits, gradient;
        int[] inputLengths;
        if (_model.Device.IsGpu)
        {
            if (!ReferenceEquals(_staged, data))
            {
                // A batch prefetched from the last data set (a pass cut short by an exception) must not pass for one of this set's.
                _inputs?.Forget();
                _staged = data;
            }

            _inputs ??= new PrefetchedInputs(_model.Device, _ => _model.InputShape, (batch, features, lengths) => Stage(_staged!, batch, features, lengths));
            (var input, inputLengths) = _inputs.Acquire(rows);
            logits = _model.Forward(input);
            _inputs.Prefetch(next);
            if (!_gradients.TryGetValue(rows.Length, out var kept))
            {
                kept = _model.Device.Allocate([rows.Length, .. _model.OutputShape]);
                _gradients.Add(rows.Length, kept);
            }

            gradient = kept;
        }
        else
        {
            if (!_buffers.TryGetValue(rows.Length, out var buffers))
            {
                buffers = new BatchBuffers(_model.Device, rows.Length, _model.InputShape, _model.OutputShape);
                _buffers.Add(rows.Length, buffers);
            }

            // BatchBuffers.Labels holds the input lengths here: one int per sample.
            Stage(data, rows, buffers.HostInput, buffers.Labels);
            logits = _model.Forward(buffers.Input);
            (gradient, inputLengths) = (buffers.Gradient, buffers.Labels);
        }

        if (!withLoss)
        {
            return (logits, gradient, inputLengths, 0);
        }

        var labelCount = 0;
        foreach (var row in rows)
        {
            labelCount += data.Labels[row].Length;
        }

        if (_targets.Length < labelCount)
        {
            _targets = new int[labelCount];
        }

        Span<int> targetLengths = rows.Length <= 256 ? stackalloc int[rows.Length] : new int[rows.Length];
        var offset = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var labels = data.Labels[rows[i]];
            labels.CopyTo(_targets, offset);
            offset += labels.Length;
            targetLengths[i] = labels.Length;
        }

        var loss = _loss.Compute(logits, _targets.AsSpan(0, labelCount), inputLengths, targetLengths, gradient);
        return (logits, gradient, inputLengths, loss);
    }

    /// <summary>Writes the features and input lengths of the samples at <paramref name="rows"/> into host memory.</summary>
    private static void Stage(CtcDataset data, ReadOnlySpan<int> rows, Span<float> features, Span<int> inputLengths)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            data.Sample(rows[i]).CopyTo(features.Slice(i * data.SampleSize, data.SampleSize));
            inputLengths[i] = data.InputLengths[rows[i]];
        }
    }

    private void Check(CtcDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            throw new ArgumentException("There are no samples.", nameof(data));
        }

        if (!data.SampleShape.SequenceEqual(_model.InputShape))
        {
            throw new ArgumentException(
                $"The samples are [{string.Join(", ", data.SampleShape)}], the model's input [{string.Join(", ", _model.InputShape)}].", nameof(data));
        }

        for (var i = 0; i < data.Count; i++)
        {
            if (data.InputLengths[i] > Steps)
            {
                throw new ArgumentException(
                    $"Sample {i}'s input length is {data.InputLengths[i]}, longer than the model's {Steps} steps.", nameof(data));
            }
        }
    }

    /// <summary>Sums over a pass: the loss weighted by batch size, exact lines, edit distances and true lengths.</summary>
    private sealed class Tally
    {
        private double _loss;
        private int _exact;
        private long _errors;
        private long _characters;

        public void Add(double loss, int count) => _loss += loss * count;

        public void Add(CtcDataset data, ReadOnlySpan<int> rows, int[][] decoded)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var truth = data.Labels[rows[i]];
                var distance = EditDistance.Between(truth, decoded[i]);
                _exact += distance == 0 ? 1 : 0;
                _errors += distance;
                _characters += truth.Length;
            }
        }

        public CtcEpoch Result(int count) =>
            new(_loss / count, (double)_exact / count, _characters == 0 ? 0 : (double)_errors / _characters);
    }
}
