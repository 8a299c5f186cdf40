using Spectre.Console;
using Strata.Data;
using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// Trains a tagger on <see cref="SlotTaggingData"/>'s sentences and scores it on held-out ones, where only the words
/// after a city tell whether it is the departure or the destination. The sample and its learning test both run this.
/// </summary>
public static class SlotTaggerExperiment
{
    /// <summary>&lt;unk&gt;, &lt;pad&gt; and the 52 characters of <see cref="SlotTaggingData"/>'s templates.</summary>
    public const int VocabularySize = 54;

    /// <summary>The size of a character's embedding.</summary>
    public const int EmbeddingSize = 16;

    /// <summary>The hidden size of each direction of the recurrent layer.</summary>
    public const int HiddenSize = 32;

    /// <summary>Sentences per training step.</summary>
    public const int BatchSize = 32;

    /// <summary>Adam's learning rate.</summary>
    public const float LearningRate = 1e-2f;

    /// <summary>The largest global gradient norm of a step; a guard against the exploding gradients of recurrent layers.</summary>
    public const float MaxGradientNorm = 1f;

    // Every prefix loses 3 of the 15 cities to the test set and every city 1 or 2 of the 6 prefixes.
    private const int HeldOutPairEvery = 5;

    // Keeps the test sentences' random stream apart from the training sentences'.
    private const int TestSeedMask = 0x7E57;

    /// <summary>
    /// Generates <paramref name="trainCandidates"/> and <paramref name="testCandidates"/> sentences from two different
    /// seeds and keeps, for training, those whose prefix and city form a pair that <see cref="IsHeldOut"/> rejects, and for
    /// testing those whose pair it holds out (about a fifth). Every test sentence is therefore new to the taggers, though
    /// each of its words was seen in training.
    /// </summary>
    /// <remarks>
    /// Dropping the test sentences that also occur in training would not do: the generator has only 540 distinct
    /// sentences, so which of a prefix+city's departure and destination sentences were left over for testing would
    /// depend on which ones training saw, and a left-to-right tagger (which leans towards the class it saw more often)
    /// would score below chance. Holding out whole prefix+city pairs keeps each test label independent of all that a
    /// left-to-right tagger has read when it reaches the city, so it scores 50% on the decision in expectation.
    /// </remarks>
    public static (SlotTaggingSet Train, SlotTaggingSet Test) Split(int seed, int trainCandidates = 2500, int testCandidates = 5000)
    {
        var train = SlotTaggingData.Generate(trainCandidates, seed);
        var test = SlotTaggingData.Generate(testCandidates, seed ^ TestSeedMask);
        if (train.Vocabulary.Count != VocabularySize)
        {
            throw new InvalidOperationException(
                $"The taggers are declared for {VocabularySize} tokens but SlotTaggingData's vocabulary has {train.Vocabulary.Count}; update VocabularySize.");
        }

        return (Select(train, heldOut: false), Select(test, heldOut: true));
    }

    /// <summary>
    /// Whether a sentence's prefix and city form a held-out pair: (prefix index + city index) divisible by 5, counting
    /// in <see cref="SlotTaggingData.Prefixes"/> and <see cref="SlotTaggingData.Cities"/>. The city is where the tags
    /// are not O; the prefix is what comes before it.
    /// </summary>
    public static bool IsHeldOut(string sentence, ReadOnlySpan<int> tags)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var cityStart = tags.IndexOfAnyExcept(SlotTaggingData.Outside);
        var cityLength = tags[cityStart..].IndexOf(SlotTaggingData.Outside);

        // Every template character is a single UTF-16 unit, so tag positions index the string directly.
        var prefix = IndexIn(SlotTaggingData.Prefixes, sentence[..cityStart]);
        var city = IndexIn(SlotTaggingData.Cities, sentence.Substring(cityStart, cityLength));
        return (prefix + city) % HeldOutPairEvery == 0;
    }

    /// <summary>The two taggers for <paramref name="cell"/>, alike but for the backward direction, seeded alike.</summary>
    public static (ISequenceModel Bidirectional, ISequenceModel LeftToRight) CreateTaggers(TaggerCell cell, Device device, int seed) => cell switch
    {
        TaggerCell.Lstm => (new BidirectionalLstmTagger(device, seed), new LeftToRightLstmTagger(device, seed)),
        TaggerCell.Gru => (new BidirectionalGruTagger(device, seed), new LeftToRightGruTagger(device, seed)),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Expected Lstm or Gru."),
    };

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/> with the library's <see cref="Trainer"/>: Adam for
    /// <paramref name="epochs"/> passes over shuffled batches (the shuffling seeded by <paramref name="seed"/>), minimising
    /// the per-character cross-entropy over the valid positions, with the gradients clipped to <see cref="MaxGradientNorm"/>.
    /// Each epoch's line goes to <paramref name="output"/> (none when null).
    /// </summary>
    public static TrainingHistory Train(ISequenceModel model, SlotTaggingSet train, int epochs, int seed, IAnsiConsole? output = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        using var trainer = new Trainer(model, new Adam(model.Parameters, LearningRate)) { Output = output, MaxGradientNorm = MaxGradientNorm };
        return trainer.Fit(new SequenceTaggingSet(train.Tokens, train.Tags, SlotTaggingData.TagCount), epochs, BatchSize, seed, showProgress: false);
    }

    /// <summary>Scores <paramref name="model"/> on every character of <paramref name="test"/> (see <see cref="TaggingScores"/>).</summary>
    public static TaggingScores Evaluate(ISequenceModel model, SlotTaggingSet test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        model.Eval();
        var order = Enumerable.Range(0, test.Count).ToArray();
        var ids = new float[test.Count * test.Tokens.MaxLength];
        var targets = new int[test.Count * test.Tags.MaxLength];
        var lengths = new int[test.Count];
        var steps = test.Tokens.Gather<float>(order, ids, lengths);
        test.Tags.Gather<int>(order, targets, lengths);
        using var input = model.Device.FromArray(ids.AsSpan(0, test.Count * steps), test.Count, steps);
        var logits = model.Forward(input, lengths).ToArray();

        int characters = 0, correctTags = 0, outside = 0, correctOutside = 0, city = 0, correctSpans = 0, correctCity = 0, correctDirections = 0;
        for (var n = 0; n < test.Count; n++)
        {
            for (var t = 0; t < lengths[n]; t++)
            {
                var position = n * steps + t;
                var row = logits.AsSpan(position * SlotTaggingData.TagCount, SlotTaggingData.TagCount);
                var target = targets[position];
                var predicted = ArgMax(row);
                characters++;
                correctTags += predicted == target ? 1 : 0;
                if (target == SlotTaggingData.Outside)
                {
                    outside++;
                    correctOutside += predicted == target ? 1 : 0;
                    continue;
                }

                city++;
                correctCity += predicted == target ? 1 : 0;
                correctSpans += predicted != SlotTaggingData.Outside && IsBegin(predicted) == IsBegin(target) ? 1 : 0;
                correctDirections += PrefersDeparture(row) == IsDeparture(target) ? 1 : 0;
            }
        }

        return new TaggingScores(characters, correctTags, outside, correctOutside, city, correctSpans, correctCity, correctDirections);
    }

    /// <summary>The tag <paramref name="model"/> gives each character of <paramref name="sentence"/>.</summary>
    public static int[] Tag(ISequenceModel model, Vocabulary vocabulary, string sentence)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var ids = vocabulary.Encode(sentence);
        using var input = model.Device.FromArray(ids.Select(id => (float)id).ToArray(), 1, ids.Length);
        model.Eval();
        var logits = model.Forward(input, null).ToArray();
        var tags = new int[ids.Length];
        for (var t = 0; t < tags.Length; t++)
        {
            tags[t] = ArgMax(logits.AsSpan(t * SlotTaggingData.TagCount, SlotTaggingData.TagCount));
        }

        return tags;
    }

    private static SlotTaggingSet Select(SlotTaggingSet set, bool heldOut)
    {
        var rows = Enumerable.Range(0, set.Count).Where(i => IsHeldOut(set.Sentences[i], set.Tags.Row(i)) == heldOut).ToArray();
        var maxLength = set.Tokens.MaxLength;
        var ids = new int[rows.Length * maxLength];
        var tags = new int[rows.Length * maxLength];
        var lengths = new int[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            set.Tokens.Row(rows[r]).CopyTo(ids.AsSpan(r * maxLength));
            set.Tags.Row(rows[r]).CopyTo(tags.AsSpan(r * maxLength));
            lengths[r] = set.Tokens.Lengths[rows[r]];
        }

        return new SlotTaggingSet(
            rows.Select(r => set.Sentences[r]).ToArray(),
            set.Vocabulary,
            new PaddedSequences(ids, lengths, maxLength, set.Tokens.PadValue),
            new PaddedSequences(tags, (int[])lengths.Clone(), maxLength, set.Tags.PadValue));
    }

    private static int IndexIn(IReadOnlyList<string> words, string word)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == word)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{word}' is not one of SlotTaggingData's words; the sentence does not come from its templates.");
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            best = row[k] > row[best] ? k : best;
        }

        return best;
    }

    private static bool IsBegin(int tag) => tag is SlotTaggingData.DepartureBegin or SlotTaggingData.DestinationBegin;

    private static bool IsDeparture(int tag) => tag is SlotTaggingData.DepartureBegin or SlotTaggingData.DepartureInside;

    private static bool PrefersDeparture(ReadOnlySpan<float> row) =>
        MathF.Max(row[SlotTaggingData.DepartureBegin], row[SlotTaggingData.DepartureInside]) >
        MathF.Max(row[SlotTaggingData.DestinationBegin], row[SlotTaggingData.DestinationInside]);
}
