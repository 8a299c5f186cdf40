using Strata.Data;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Learning;

/// <summary>Many-to-one learning: the Sentiment sample's bidirectional LSTM classifies sentences it has never seen.</summary>
public class SentimentLearningTests
{
    [Fact]
    public void On_synthetic_reviews_it_learns_that_a_negation_flips_the_adjective()
    {
        var (train, test) = SyntheticReviews.Generate(4000, seed: 3).Split(0.8);

        var accuracy = TrainAndEvaluate(train, test, epochs: 3);

        // A quarter of the reviews are negated, so a classifier that ignores word order tops out near 75%.
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:P2}");
    }

    private static double TrainAndEvaluate(LabeledText train, LabeledText test, int epochs)
    {
        var vocabulary = SentimentTraining.BuildVocabulary(train.Texts, SentimentModel.VocabularyCapacity);
        var model = new SentimentModel(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(model, new Adam(model.Parameters, 2e-3f)) { Output = null };
        trainer.Fit(SentimentTraining.Encode(train, vocabulary), epochs, batchSize: 64, seed: 1);
        return trainer.Evaluate(SentimentTraining.Encode(test, vocabulary), batchSize: 64).Accuracy!.Value;
    }
}
