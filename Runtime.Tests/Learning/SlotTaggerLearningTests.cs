using Strata.Data;
using Strata.Samples;

namespace Strata.Runtime.Tests.Learning;

/// <summary>
/// Issue 5's slot tagger: only the words after a city say whether it is the departure or the destination, so a
/// bidirectional tagger learns the decision and a left-to-right one, which has not read them yet, is at chance.
/// </summary>
public class SlotTaggerLearningTests(SlotTaggerLearningTests.TrainedTaggers trained) : IClassFixture<SlotTaggerLearningTests.TrainedTaggers>
{
    [Fact]
    public void The_test_sentences_share_no_prefix_and_city_with_the_training_sentences()
    {
        var seen = trained.Train.Sentences.Select((sentence, i) => UpToCityEnd(sentence, trained.Train.Tags.Row(i))).ToHashSet();

        var shared = trained.Test.Sentences.Select((sentence, i) => UpToCityEnd(sentence, trained.Test.Tags.Row(i))).Where(seen.Contains).ToList();

        Assert.True(trained.Test.Count >= 500, $"only {trained.Test.Count} test sentences");
        Assert.Empty(shared);
    }

    [Fact]
    public void The_bidirectional_tagger_decides_departure_or_destination_right_on_at_least_95_percent_of_city_characters()
    {
        var scores = trained.Bidirectional;

        Assert.True(scores.DirectionAccuracy >= 0.95, $"departure/destination {scores.DirectionAccuracy:P2}");
        Assert.True(scores.CityAccuracy >= 0.95, $"exact city tags {scores.CityAccuracy:P2}");
    }

    [Fact]
    public void The_left_to_right_tagger_is_at_chance_on_departure_or_destination()
    {
        // When a left-to-right tagger reaches a city it has read only the prefix and the city, which the generator
        // draws independently of the class, so each city's decision is right with probability 1/2 (the test cities
        // are new prefix+city pairs, so training cannot have skewed that). A city of k characters contributes k
        // decisions that may all agree, so the fraction right over all city characters has standard deviation at most
        // σ = ½·√(Σk²)/Σk (k over the test cities; Popoviciu's bound on each city's variance, cities independent).
        // With about 1,000 test cities of 2 to 4 characters σ ≈ 1.6%; ±4σ leaves a false failure rate below 1e-4.
        var lengths = Enumerable.Range(0, trained.Test.Count).Select(i => CityLength(trained.Test.Tags.Row(i))).ToArray();
        var sigma = 0.5 * Math.Sqrt(lengths.Sum(k => (double)k * k)) / lengths.Sum();
        var scores = trained.LeftToRight;

        Assert.Equal(lengths.Sum(), scores.CityCharacters);
        Assert.InRange(scores.DirectionAccuracy, 0.5 - 4 * sigma, 0.5 + 4 * sigma);
    }

    [Fact]
    public void The_left_to_right_tagger_still_learns_the_outside_tags_and_where_cities_begin_and_end()
    {
        // Without this, a left-to-right tagger whose training failed would pass the test above.
        var scores = trained.LeftToRight;

        Assert.True(scores.OutsideAccuracy >= 0.99, $"O tags {scores.OutsideAccuracy:P2}");
        Assert.True(scores.CitySpanAccuracy >= 0.95, $"B/I on city characters {scores.CitySpanAccuracy:P2}");
    }

    private static int CityLength(ReadOnlySpan<int> tags) => tags.Length - tags.Count(SlotTaggingData.Outside);

    private static string UpToCityEnd(string sentence, ReadOnlySpan<int> tags) => sentence[..(tags.LastIndexOfAnyExcept(SlotTaggingData.Outside) + 1)];

    /// <summary>Both LSTM taggers trained once for all the tests, 3 epochs (the bidirectional one converges in 2).</summary>
    public sealed class TrainedTaggers
    {
        public TrainedTaggers()
        {
            const int seed = 0;
            (Train, Test) = SlotTaggerExperiment.Split(seed);
            var (bidirectional, leftToRight) = SlotTaggerExperiment.CreateTaggers(TaggerCell.Lstm, Device.Cpu(), seed);
            SlotTaggerExperiment.Train(bidirectional, Train, epochs: 3, seed);
            SlotTaggerExperiment.Train(leftToRight, Train, epochs: 3, seed);
            Bidirectional = SlotTaggerExperiment.Evaluate(bidirectional, Test);
            LeftToRight = SlotTaggerExperiment.Evaluate(leftToRight, Test);
        }

        public SlotTaggingSet Train { get; }

        public SlotTaggingSet Test { get; }

        public TaggingScores Bidirectional { get; }

        public TaggingScores LeftToRight { get; }
    }
}
