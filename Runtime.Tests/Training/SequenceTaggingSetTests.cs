using Strata.Data;
using Strata.Runtime.Tests.Models;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class SequenceTaggingSetTests
{
    private const int Tags = 4;

    [Fact]
    public void The_trainer_measures_the_mean_cross_entropy_and_accuracy_over_valid_tokens_as_each_sequence_alone_gives_them()
    {
        var model = new EmbeddingLstmNet(Device.Cpu(), seed: 1);
        var (tokens, tags) = RandomTagging(new Random(2), count: 9, maxLength: 6);
        var (expectedLoss, expectedAccuracy) = OneByOne(model, tokens, tags);

        // One batch, so the trainer's loss is the mean over every valid token of the set; a learning rate of 0 keeps the
        // weights of the evaluation for the training epoch, which must measure the same.
        using var trainer = new Trainer(model, new Sgd(model.Parameters, learningRate: 0f)) { Output = null };
        var set = new SequenceTaggingSet(tokens, tags, Tags);
        var evaluated = trainer.Evaluate(set, batchSize: tokens.Count);
        var trained = trainer.Fit(set, epochs: 1, batchSize: tokens.Count, seed: 3).Last;

        Assert.Equal(expectedLoss, evaluated.Loss, 1e-5);
        Assert.Equal(expectedAccuracy, evaluated.Accuracy!.Value, 1e-6);
        Assert.Equal(expectedLoss, trained.Loss, 1e-5);
        Assert.Equal(expectedAccuracy, trained.TrainAccuracy!.Value, 1e-6);
    }

    [Fact]
    public void It_learns_a_tag_that_depends_on_the_last_valid_token()
    {
        // Tag t is token t's parity plus twice the last valid token's parity: only a bidirectional tagger that stops at
        // each sequence's own length can learn it.
        var random = new Random(5);
        var (train, trainTags) = RuleTagging(random, 400);
        var (test, testTags) = RuleTagging(random, 100);
        var model = new EmbeddingLstmNet(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(model, new Adam(model.Parameters, 0.05f)) { Output = null, MaxGradientNorm = 1f };

        trainer.Fit(new SequenceTaggingSet(train, trainTags, Tags), epochs: 15, batchSize: 16, seed: 7);

        var accuracy = trainer.Evaluate(new SequenceTaggingSet(test, testTags, Tags), batchSize: 32).Accuracy!.Value;
        Assert.True(accuracy >= 0.9, $"token accuracy {accuracy:P1}");
    }

    [Fact]
    public void Mismatched_rows_lengths_tags_and_models_are_argument_exceptions_that_say_what_is_wrong()
    {
        var (tokens, tags) = RandomTagging(new Random(1), count: 5, maxLength: 4);
        var shorter = new PaddedSequences(new int[5 * 4], [1, 1, 1, 1, 1], 4, 0);
        Assert.Contains("tokens but", Assert.Throws<ArgumentException>(() => new SequenceTaggingSet(tokens, shorter, Tags)).Message);
        Assert.Contains("expected tags in [0, 2)", Assert.Throws<ArgumentException>(() => new SequenceTaggingSet(tokens, tags, 2)).Message);

        var classifier = new TokenClassifierNet(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(classifier, new Sgd(classifier.Parameters, 0.1f)) { Output = null };
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(new SequenceTaggingSet(tokens, tags, Tags), 1, 2, 0));
        Assert.Contains("[steps, tags]", error.Message);
    }

    /// <summary>The mean cross-entropy over all valid tokens (in double, from Predict on each sequence alone) and the token accuracy.</summary>
    private static (double Loss, double Accuracy) OneByOne(EmbeddingLstmNet model, PaddedSequences tokens, PaddedSequences tags)
    {
        var (loss, correct, count) = (0.0, 0, 0);
        for (var i = 0; i < tokens.Count; i++)
        {
            var length = tokens.Lengths[i];
            using var input = model.Device.FromArray(tokens.Row(i)[..length].ToArray().Select(id => (float)id).ToArray(), 1, length);
            var logits = model.Predict(input, [length]).ToArray().Select(v => (double)v).ToArray();
            for (var t = 0; t < length; t++)
            {
                var row = logits.AsSpan(t * Tags, Tags).ToArray();
                var max = row.Max();
                loss += max + Math.Log(row.Sum(v => Math.Exp(v - max))) - row[tags.Row(i)[t]];
                correct += Array.IndexOf(row, max) == tags.Row(i)[t] ? 1 : 0;
                count++;
            }
        }

        return (loss / count, (double)correct / count);
    }

    private static (PaddedSequences Tokens, PaddedSequences Tags) RandomTagging(Random random, int count, int maxLength) =>
        Tagging(random, count, maxLength, (row, length, t) => random.Next(Tags));

    private static (PaddedSequences Tokens, PaddedSequences Tags) RuleTagging(Random random, int count) =>
        Tagging(random, count, 6, (row, length, t) => (row[t] % 2) + (2 * (row[length - 1] % 2)));

    private static (PaddedSequences Tokens, PaddedSequences Tags) Tagging(Random random, int count, int maxLength, Func<int[], int, int, int> tag)
    {
        var lengths = Enumerable.Range(0, count).Select(_ => random.Next(1, maxLength + 1)).ToArray();
        var ids = new int[count * maxLength];
        var tagIds = new int[count * maxLength];
        for (var i = 0; i < count; i++)
        {
            var row = Enumerable.Range(0, maxLength).Select(t => t < lengths[i] ? random.Next(1, 5) : 0).ToArray();
            row.CopyTo(ids, i * maxLength);
            for (var t = 0; t < lengths[i]; t++)
            {
                tagIds[(i * maxLength) + t] = tag(row, lengths[i], t);
            }
        }

        return (new PaddedSequences(ids, lengths, maxLength, padValue: 0), new PaddedSequences(tagIds, lengths, maxLength, padValue: 0));
    }
}
