using Strata.Data;
using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// The Sentiment sample's training: its sentences encoded as character ids (cut at <see cref="MaxLength"/>), and Adam
/// minimising softmax cross-entropy through the library's <see cref="SequenceClassifierTraining"/>, which pads each
/// shuffled batch only to its own longest sentence and lets the lengths pick each sentence's last valid step.
/// </summary>
public sealed class SentimentTraining : IDisposable
{
    /// <summary>Sentences longer than this are cut (the shared reviews are at most 19 characters).</summary>
    public const int MaxLength = 64;

    private readonly Vocabulary _vocabulary;
    private readonly PaddedSequences _train;
    private readonly int[] _trainLabels;
    private readonly SequenceClassifierTraining _training;

    /// <summary>Prepares to train <paramref name="model"/> on <paramref name="train"/>, encoded with <paramref name="vocabulary"/>.</summary>
    public SentimentTraining(ISequenceModel model, Vocabulary vocabulary, LabeledText train, int batchSize, float learningRate, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(train);
        _vocabulary = vocabulary;
        _train = PaddedSequences.Encode(train.Texts, vocabulary, MaxLength);
        _trainLabels = train.Labels.ToArray();
        _training = new SequenceClassifierTraining(model, new Adam(model.Parameters, learningRate), batchSize, seed);
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
        var epoch = _training.RunEpoch(_train, _trainLabels);
        return new SentimentEpoch(epoch.MeanLoss, epoch.Accuracy);
    }

    /// <summary>The fraction of <paramref name="test"/>'s sentences whose label the model predicts.</summary>
    public double Evaluate(LabeledText test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return _training.Evaluate(PaddedSequences.Encode(test.Texts, _vocabulary, MaxLength), test.Labels).Accuracy;
    }

    /// <inheritdoc />
    public void Dispose() => _training.Dispose();
}
