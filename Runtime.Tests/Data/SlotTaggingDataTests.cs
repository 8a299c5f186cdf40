using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class SlotTaggingDataTests
{
    /// <summary>Splits a sentence back into the template parts it was built from.</summary>
    private static (string Prefix, string City, string Suffix) Parts(string sentence)
    {
        var matches = (
            from prefix in SlotTaggingData.Prefixes
            from city in SlotTaggingData.Cities
            from suffix in SlotTaggingData.DepartureSuffixes.Concat(SlotTaggingData.DestinationSuffixes)
            where prefix + city + suffix == sentence
            select (prefix, city, suffix)).ToArray();
        return Assert.Single(matches);
    }

    private static bool IsCityTag(int tag) => tag != SlotTaggingData.Outside;

    private static bool IsDeparture(int tag) => tag is SlotTaggingData.DepartureBegin or SlotTaggingData.DepartureInside;

    [Fact]
    public void Tags_mark_the_city_with_begin_then_inside_and_everything_else_outside()
    {
        var set = SlotTaggingData.Generate(200, seed: 1);
        for (var i = 0; i < set.Count; i++)
        {
            var (prefix, city, suffix) = Parts(set.Sentences[i]);
            var departure = SlotTaggingData.DepartureSuffixes.Contains(suffix);
            var begin = departure ? SlotTaggingData.DepartureBegin : SlotTaggingData.DestinationBegin;
            var inside = departure ? SlotTaggingData.DepartureInside : SlotTaggingData.DestinationInside;
            int[] expected = [.. prefix.Select(_ => 0), begin, .. city.Skip(1).Select(_ => inside), .. suffix.Select(_ => 0)];

            var length = set.Tokens.Lengths[i];
            Assert.Equal(set.Sentences[i].Length, length);
            Assert.Equal(length, set.Tags.Lengths[i]);
            Assert.Equal(expected, set.Tags.Row(i)[..length].ToArray());
            Assert.Equal(set.Sentences[i], set.Vocabulary.Decode(set.Tokens.Row(i)[..length]));
            Assert.All(set.Tokens.Row(i)[length..].ToArray(), id => Assert.Equal(set.Vocabulary.PadIndex, id));
        }
    }

    [Fact]
    public void Classes_are_balanced_and_the_city_label_is_a_function_of_the_suffix_only()
    {
        var set = SlotTaggingData.Generate(1000, seed: 2);
        var labelOfSuffix = new Dictionary<string, bool>();
        var departures = 0;
        for (var i = 0; i < set.Count; i++)
        {
            var (_, city, suffix) = Parts(set.Sentences[i]);
            var cityTags = set.Tags.Row(i).ToArray().Where(IsCityTag).ToArray();
            Assert.Equal(city.Length, cityTags.Length);
            var departure = IsDeparture(cityTags[0]);
            Assert.All(cityTags, tag => Assert.Equal(departure, IsDeparture(tag)));
            Assert.Equal(departure, labelOfSuffix.GetValueOrDefault(suffix, departure));
            labelOfSuffix[suffix] = departure;
            departures += departure ? 1 : 0;
        }

        Assert.Equal(500, departures);
        Assert.Equal(SlotTaggingData.DepartureSuffixes.Count + SlotTaggingData.DestinationSuffixes.Count, labelOfSuffix.Count);
    }

    [Fact]
    public void Prefixes_and_cities_occur_alike_in_both_classes()
    {
        var set = SlotTaggingData.Generate(4000, seed: 3);
        var parts = set.Sentences.Select(Parts).ToArray();
        var departures = parts.Where(p => SlotTaggingData.DepartureSuffixes.Contains(p.Suffix)).ToArray();
        var destinations = parts.Where(p => SlotTaggingData.DestinationSuffixes.Contains(p.Suffix)).ToArray();

        Assert.Equal(departures.Select(p => p.Prefix).ToHashSet(), destinations.Select(p => p.Prefix).ToHashSet());
        Assert.Equal(departures.Select(p => p.City).ToHashSet(), destinations.Select(p => p.City).ToHashSet());
        Assert.Equal(SlotTaggingData.Prefixes.Count, departures.Select(p => p.Prefix).Distinct().Count());

        // Each prefix is about as frequent in both classes: 2000 draws over 6 prefixes, ≈ 333 ± 17 each.
        foreach (var prefix in SlotTaggingData.Prefixes)
        {
            Assert.InRange(departures.Count(p => p.Prefix == prefix) - destinations.Count(p => p.Prefix == prefix), -90, 90);
        }
    }

    [Fact]
    public void The_best_left_to_right_rule_is_at_chance_on_city_characters_and_a_suffix_rule_is_perfect()
    {
        // The Bayes-optimal left-to-right tagger for a city character answers the majority tag among training sentences
        // with the same left context (everything up to and including that character). Fitted on one set, scored on another.
        static IEnumerable<(string Left, int Tag, string Sentence)> CityCharacters(SlotTaggingSet set) =>
            Enumerable.Range(0, set.Count).SelectMany(i => Enumerable.Range(0, set.Tags.Lengths[i])
                .Where(t => IsCityTag(set.Tags.Row(i)[t]))
                .Select(t => (set.Sentences[i][..(t + 1)], set.Tags.Row(i)[t], set.Sentences[i])));

        var majority = CityCharacters(SlotTaggingData.Generate(4000, seed: 4))
            .GroupBy(c => c.Left)
            .ToDictionary(g => g.Key, g => g.GroupBy(c => c.Tag).OrderByDescending(t => t.Count()).First().Key);
        var test = CityCharacters(SlotTaggingData.Generate(4000, seed: 5)).ToArray();

        var leftToRight = test.Count(c => majority.GetValueOrDefault(c.Left, -1) == c.Tag) / (double)test.Length;
        Assert.InRange(leftToRight, 0.46, 0.54);

        var suffixRule = test.Count(c => IsDeparture(c.Tag) == SlotTaggingData.DepartureSuffixes.Any(c.Sentence.EndsWith)) / (double)test.Length;
        Assert.Equal(1.0, suffixRule);
    }

    [Fact]
    public void The_same_seed_gives_the_same_sentences_and_every_seed_the_same_vocabulary()
    {
        Assert.Equal(SlotTaggingData.Generate(50, seed: 9).Sentences, SlotTaggingData.Generate(50, seed: 9).Sentences);
        Assert.NotEqual(SlotTaggingData.Generate(50, seed: 9).Sentences, SlotTaggingData.Generate(50, seed: 10).Sentences);
        Assert.Equal(SlotTaggingData.Generate(1, seed: 1).Vocabulary.Tokens, SlotTaggingData.Generate(1, seed: 2).Vocabulary.Tokens);
        Assert.Equal(5, SlotTaggingData.TagCount);
        Assert.Equal(SlotTaggingData.TagCount, SlotTaggingData.TagNames.Count);
    }
}
