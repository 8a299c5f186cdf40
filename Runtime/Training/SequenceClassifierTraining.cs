using Strata.Data;

namespace Strata.Training;

/// <summary>
/// Trains a many-to-one sequence classifier (a token-input <see cref="ISequenceModel"/> whose output is [classes], such
/// as an embedding, a recurrent layer with <c>ReturnSequences = false</c> and a dense read-out) with softmax
/// cross-entropy: each epoch visits the sequences once in an order drawn by a <see cref="Philox"/> generator seeded with
/// the seed, each batch is padded only to its own longest sequence, and the lengths make every sequence end at its own
/// last valid step. Input, lengths and gradient buffers are kept per shape, so steady-state epochs allocate only the
/// shuffled order.
/// </summary>
public sealed class SequenceClassifierTraining : IDisposable
{
    private readonly ISequenceModel _model;
    private readonly IOptimizer _optimizer;
    private readonly int _batchSize;
    private readonly Philox _shuffle;
    private readonly SoftmaxCrossEntropy _loss = new();
    private readonly Dictionary<(int Batch, int Steps), Tensor> _inputs = [];
    private readonly Dictionary<int, Tensor> _gradients = [];
    private readonly Dictionary<int, int[]> _lengths = [];
    private float[] _ids = [];

    /// <summary>
    /// Prepares to train <paramref name="model"/>'s parameters with <paramref name="optimizer"/> in batches of
    /// <paramref name="batchSize"/> sequences (the last one of an epoch smaller), shuffled with <paramref name="seed"/>.
    /// Throws <see cref="ArgumentException"/> for a model whose output is not [classes] per sequence, or one that already
    /// ends in a softmax.
    /// </summary>
    public SequenceClassifierTraining(ISequenceModel model, IOptimizer optimizer, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (model.OutputShape.Count != 1)
        {
            throw new ArgumentException(
                $"A sequence classifier's output is [classes] per sequence (ReturnSequences = false), got [{string.Join(", ", model.OutputShape)}].",
                nameof(model));
        }

        if (model.OutputsProbabilities)
        {
            throw new ArgumentException(
                $"The softmax cross-entropy applies its own softmax, but {model.GetType().Name} already ends in one; train on the logits.",
                nameof(model));
        }

        _model = model;
        _optimizer = optimizer;
        _batchSize = batchSize;
        _shuffle = new Philox(unchecked((ulong)seed));
    }

    /// <summary>The generator that orders each epoch; save its state (<see cref="Philox.GetState"/>) to resume.</summary>
    public Philox Shuffle => _shuffle;

    /// <summary>
    /// One training pass over <paramref name="sequences"/> with <paramref name="labels"/> (one class index per sequence),
    /// in training mode: forward, loss, backward and an optimiser step per batch. Returns the mean loss and the fraction
    /// classified correctly, both measured on each batch before its step.
    /// </summary>
    public ClassificationEpoch RunEpoch(PaddedSequences sequences, ReadOnlySpan<int> labels)
    {
        Check(sequences, labels);
        _model.Train();
        var order = Enumerable.Range(0, sequences.Count).ToArray();
        _shuffle.Shuffle(order.AsSpan());
        var batchLabels = new int[Math.Min(_batchSize, sequences.Count)];
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            for (var i = 0; i < rows.Length; i++)
            {
                batchLabels[i] = labels[rows[i]];
            }

            var logits = Forward(sequences, rows);
            var gradient = GradientFor(logits);
            var batch = batchLabels.AsSpan(0, rows.Length);
            lossSum += (double)_loss.Compute(logits, batch, gradient) * rows.Length;
            correct += _loss.CountCorrect(logits, batch);
            _model.Backward(gradient);
            _optimizer.Step();
        }

        return new ClassificationEpoch(lossSum / order.Length, (double)correct / order.Length);
    }

    /// <summary>
    /// The mean loss and accuracy on <paramref name="sequences"/> in evaluation mode, in order, in batches of the batch
    /// size; the weights are left alone.
    /// </summary>
    public ClassificationEpoch Evaluate(PaddedSequences sequences, ReadOnlySpan<int> labels)
    {
        Check(sequences, labels);
        _model.Eval();
        var lossSum = 0.0;
        var correct = 0;
        var order = Enumerable.Range(0, sequences.Count).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            var logits = Forward(sequences, rows);
            var batch = labels.Slice(start, rows.Length);
            lossSum += (double)_loss.Compute(logits, batch, GradientFor(logits)) * rows.Length;
            correct += _loss.CountCorrect(logits, batch);
        }

        return new ClassificationEpoch(lossSum / sequences.Count, (double)correct / sequences.Count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _inputs.Values.Concat(_gradients.Values))
        {
            tensor.Dispose();
        }

        _inputs.Clear();
        _gradients.Clear();
    }

    private static void Check(PaddedSequences sequences, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (labels.Length != sequences.Count)
        {
            throw new ArgumentException($"Expected one label per sequence, {sequences.Count}, got {labels.Length}.", nameof(labels));
        }

        if (sequences.Count == 0)
        {
            throw new ArgumentException("There are no sequences.", nameof(sequences));
        }
    }

    private Tensor Forward(PaddedSequences sequences, ReadOnlySpan<int> rows)
    {
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
            input = _model.Device.Allocate(rows.Length, steps);
            _inputs.Add((rows.Length, steps), input);
        }

        input.CopyFrom(_ids.AsSpan(0, rows.Length * steps));
        return _model.Forward(input, lengths);
    }

    private Tensor GradientFor(Tensor logits)
    {
        if (!_gradients.TryGetValue(logits.Shape[0], out var gradient))
        {
            gradient = _model.Device.Allocate(logits.Shape);
            _gradients.Add(logits.Shape[0], gradient);
        }

        return gradient;
    }
}

/// <summary>What one pass of <see cref="SequenceClassifierTraining"/> measured.</summary>
/// <param name="MeanLoss">The mean softmax cross-entropy per sequence.</param>
/// <param name="Accuracy">The fraction of sequences whose largest logit is their label's, in [0, 1].</param>
public readonly record struct ClassificationEpoch(double MeanLoss, double Accuracy);
