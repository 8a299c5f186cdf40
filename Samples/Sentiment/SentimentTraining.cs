using Strata.Data;
using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// Trains a many-to-one classifier on character-encoded sentences: each shuffled batch is padded only to its own
/// longest sentence, the lengths pick each sentence's last valid step, and Adam minimises softmax cross-entropy.
/// </summary>
public sealed class SentimentTraining : IDisposable
{
    /// <summary>Sentences longer than this are cut (the shared reviews are at most 19 characters).</summary>
    public const int MaxLength = 64;

    private readonly ISequenceModel _model;
    private readonly Vocabulary _vocabulary;
    private readonly PaddedSequences _train;
    private readonly int[] _trainLabels;
    private readonly int _batchSize;
    private readonly Adam _optimizer;
    private readonly Random _random;
    private readonly SoftmaxCrossEntropy _loss = new();
    private readonly Dictionary<(int Batch, int Steps), Tensor> _inputs = [];
    private readonly Dictionary<int, Tensor> _gradients = [];
    private readonly Dictionary<int, int[]> _lengths = [];
    private readonly float[] _ids;

    /// <summary>Prepares to train <paramref name="model"/> on <paramref name="train"/>, encoded with <paramref name="vocabulary"/>.</summary>
    public SentimentTraining(ISequenceModel model, Vocabulary vocabulary, LabeledText train, int batchSize, float learningRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _ids = new float[batchSize * MaxLength];
        _model = model;
        _vocabulary = vocabulary;
        _train = PaddedSequences.Encode(train.Texts, vocabulary, MaxLength);
        _trainLabels = train.Labels.ToArray();
        _batchSize = batchSize;
        _optimizer = new Adam(model.Parameters, learningRate);
        _random = new Random(seed);
    }

    /// <summary>
    /// The characters of <paramref name="texts"/> that fit in <paramref name="capacity"/> token ids with &lt;unk&gt; and
    /// &lt;pad&gt;: the rarest characters are dropped (they encode to &lt;unk&gt;) until the vocabulary fits, and
    /// characters seen once are always dropped so that &lt;unk&gt; is trained for the unseen characters of new text.
    /// </summary>
    public static Vocabulary BuildVocabulary(IReadOnlyList<string> texts, int capacity)
    {
        // <unk> and <pad> take two ids whatever the texts hold.
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        for (var minFrequency = 2; ; minFrequency++)
        {
            var vocabulary = Vocabulary.Build(texts, minFrequency, reservePad: true);
            if (vocabulary.Count <= capacity)
            {
                return vocabulary;
            }
        }
    }

    /// <summary>Runs one shuffled pass over the training sentences.</summary>
    public SentimentEpoch RunEpoch()
    {
        _model.Train();
        var order = Enumerable.Range(0, _train.Count).ToArray();
        _random.Shuffle(order);
        var lossSum = 0.0;
        var correct = 0;
        var labels = new int[_batchSize];
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            for (var i = 0; i < rows.Length; i++)
            {
                labels[i] = _trainLabels[rows[i]];
            }

            var logits = Forward(_train, rows);
            var gradient = GradientFor(logits);
            lossSum += _loss.Compute(logits, labels.AsSpan(0, rows.Length), gradient) * rows.Length;
            correct += _loss.CountCorrect(logits, labels.AsSpan(0, rows.Length));
            _model.Backward(gradient);
            _optimizer.Step();
        }

        return new SentimentEpoch(lossSum / order.Length, (double)correct / order.Length);
    }

    /// <summary>The fraction of <paramref name="test"/>'s sentences whose label the model predicts.</summary>
    public double Evaluate(LabeledText test)
    {
        _model.Eval();
        var sequences = PaddedSequences.Encode(test.Texts, _vocabulary, MaxLength);
        var correct = 0;
        var order = Enumerable.Range(0, sequences.Count).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var rows = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            var logits = Forward(sequences, rows);
            correct += _loss.CountCorrect(logits, test.Labels.Slice(start, rows.Length));
        }

        return (double)correct / sequences.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _inputs.Values.Concat(_gradients.Values))
        {
            tensor.Dispose();
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

        var ids = _ids.AsSpan(0, rows.Length * sequences.MaxLength);
        var steps = sequences.Gather(rows, ids, lengths);
        if (!_inputs.TryGetValue((rows.Length, steps), out var input))
        {
            input = _model.Device.Allocate(rows.Length, steps);
            _inputs.Add((rows.Length, steps), input);
        }

        input.CopyFrom(ids[..(rows.Length * steps)]);
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
