using Strata.Data;
using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// The Sentiment sample's training: its sentences encoded as character ids (cut at <see cref="MaxLength"/>), and the
/// library's <see cref="Trainer"/> with Adam on a <see cref="SequenceClassificationSet"/>, which pads each shuffled batch
/// only to its own longest sentence and lets the lengths pick each sentence's last valid step.
/// </summary>
public static class SentimentTraining
{
    /// <summary>Sentences longer than this are cut (the shared reviews are at most 19 characters).</summary>
    public const int MaxLength = 64;

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

    /// <summary><paramref name="texts"/> encoded with <paramref name="vocabulary"/> as a set to train or evaluate on.</summary>
    public static SequenceClassificationSet Encode(LabeledText texts, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return new SequenceClassificationSet(PaddedSequences.Encode(texts.Texts, vocabulary, MaxLength), texts.Labels, texts.ClassCount);
    }
}
