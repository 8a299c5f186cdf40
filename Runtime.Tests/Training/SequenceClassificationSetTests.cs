using static Strata.Dims;
using Strata.Data;
using Strata.Runtime.Tests.Reference;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

/// <summary>Token ids through an embedding and a bidirectional GRU's last steps into three classes.</summary>
[Model, Input(Sequence, Tokens, 6)]
public partial class TokenClassifierNet
{
    [Embedding(6, 4)]                                          public partial Embedding Embed { get; }
    [Gru(5, Bidirectional = true, ReturnSequences = false)]   public partial Gru Encoder { get; }
    [Dense(3)]                                                 public partial Dense Out { get; }
}

public class SequenceClassificationSetTests
{
    [Fact]
    public void Evaluate_and_an_epoch_without_steps_measure_each_sequence_as_predict_on_it_alone_does()
    {
        var device = Device.Cpu();
        var model = new TokenClassifierNet(device, seed: 1);
        var (sequences, labels) = RandomSequences(new Random(2), count: 11, maxLength: 7);
        var (expectedLoss, expectedAccuracy) = OneByOne(model, sequences, labels);

        // A learning rate of 0: every batch sees the same weights, so the shuffled, padded epoch must measure the same.
        using var trainer = new Trainer(model, new Sgd(model.Parameters, learningRate: 0f)) { Output = null };
        var set = new SequenceClassificationSet(sequences, labels, 3);
        var evaluated = trainer.Evaluate(set, batchSize: 4);
        var trained = trainer.Fit(set, epochs: 1, batchSize: 4, seed: 3).Last;

        Assert.Equal(expectedLoss, evaluated.Loss, 1e-5);
        Assert.Equal(expectedAccuracy, evaluated.Accuracy!.Value, 1e-6);
        Assert.Equal(expectedLoss, trained.Loss, 1e-5);
        Assert.Equal(expectedAccuracy, trained.TrainAccuracy!.Value, 1e-6);
    }

    [Fact]
    public void It_learns_a_rule_that_needs_the_whole_sequence_and_the_seed_fixes_the_run()
    {
        // The class is the first token's parity plus the last valid token's parity (0, 1 or 2): a model that ignored the
        // lengths, or read a padded step as the last one, could not learn it.
        var random = new Random(5);
        var (train, trainLabels) = RuleSequences(random, 600);
        var (test, testLabels) = RuleSequences(random, 200);

        var first = Train(train, trainLabels, seed: 7, epochs: 12);
        var again = Train(train, trainLabels, seed: 7, epochs: 1);
        var same = Train(train, trainLabels, seed: 7, epochs: 1);
        var other = Train(train, trainLabels, seed: 8, epochs: 1);

        var accuracy = first.Trainer.Evaluate(new SequenceClassificationSet(test, testLabels, 3), 16).Accuracy;
        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy:P1}");
        Assert.Equal(Weights(again.Model), Weights(same.Model));
        Assert.NotEqual(Weights(again.Model), Weights(other.Model));
    }

    [Fact]
    public void A_model_whose_output_is_not_one_vector_per_sequence_or_mismatched_labels_are_argument_exceptions()
    {
        var device = Device.Cpu();
        var (sequences, labels) = RandomSequences(new Random(1), 5, 4);
        var set = new SequenceClassificationSet(sequences, labels, 3);
        var tagger = new Strata.Runtime.Tests.Models.EmbeddingLstmNet(device, seed: 1);
        using var trainer = new Trainer(tagger, new Sgd(tagger.Parameters, 0.1f)) { Output = null };
        Assert.Contains("[classes] per sequence", Assert.Throws<ArgumentException>(() => trainer.Fit(set, 1, 4, 1)).Message);
        Assert.Throws<ArgumentException>(() => new SequenceClassificationSet(sequences, labels.AsSpan(1), 3));
        Assert.Throws<ArgumentException>(() => new SequenceClassificationSet(sequences, labels, 2 /* a label is 2 */));
    }

    private static (TokenClassifierNet Model, Trainer Trainer) Train(PaddedSequences sequences, int[] labels, int seed, int epochs)
    {
        var model = new TokenClassifierNet(Device.Cpu(), seed: 1);
        var trainer = new Trainer(model, new Adam(model.Parameters, 0.02f)) { Output = null };
        trainer.Fit(new SequenceClassificationSet(sequences, labels, 3), epochs, batchSize: 16, seed);
        return (model, trainer);
    }

    private static float[][] Weights(IModel model) => model.Parameters.Select(p => p.Value.ToArray()).ToArray();

    /// <summary>The mean cross-entropy (in double, from the logits of Predict on the sequence alone, unpadded) and the accuracy.</summary>
    private static (double Loss, double Accuracy) OneByOne(TokenClassifierNet model, PaddedSequences sequences, int[] labels)
    {
        var loss = 0.0;
        var correct = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            var row = sequences.Row(i);
            var length = sequences.Lengths[i];
            using var input = model.Device.FromArray(row[..length].ToArray().Select(id => (float)id).ToArray(), 1, length);
            var logits = model.Predict(input, [length]).ToArray().Select(v => (double)v).ToArray();
            var max = logits.Max();
            var logSum = max + Math.Log(logits.Sum(v => Math.Exp(v - max)));
            loss += logSum - logits[labels[i]];
            correct += Array.IndexOf(logits, max) == labels[i] ? 1 : 0;
        }

        return (loss / sequences.Count, (double)correct / sequences.Count);
    }

    private static (PaddedSequences Sequences, int[] Labels) RandomSequences(Random random, int count, int maxLength)
    {
        var lengths = Enumerable.Range(0, count).Select(_ => random.Next(1, maxLength + 1)).ToArray();
        var ids = new int[count * maxLength];
        for (var i = 0; i < count; i++)
        {
            for (var t = 0; t < maxLength; t++)
            {
                ids[i * maxLength + t] = t < lengths[i] ? random.Next(1, 6) : 0;
            }
        }

        return (new PaddedSequences(ids, lengths, maxLength, padValue: 0), Enumerable.Range(0, count).Select(_ => random.Next(3)).ToArray());
    }

    private static (PaddedSequences Sequences, int[] Labels) RuleSequences(Random random, int count)
    {
        const int MaxLength = 6;
        var (sequences, _) = RandomSequences(random, count, MaxLength);
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var row = sequences.Row(i);
            labels[i] = (row[0] % 2) + (row[sequences.Lengths[i] - 1] % 2);
        }

        return (sequences, labels);
    }
}
