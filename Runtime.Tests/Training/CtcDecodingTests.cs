using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

/// <summary>
/// Greedy and prefix beam decoding on probability tables whose answers follow by hand, and prefix beam search against the
/// brute-force most probable labelling (<see cref="CtcBruteForce"/>) on random tables.
/// </summary>
public class CtcDecodingTests
{
    private static float[] Log(params double[] probabilities) => probabilities.Select(p => (float)Math.Log(p)).ToArray();

    [Fact]
    public void Greedy_takes_the_best_class_per_step_merges_repeats_and_drops_blanks()
    {
        // Best path 1 1 0 1 2 2 0 3 → 1 1 2 3: the blank keeps the two 1s apart, the 2s merge. With blank 1, the 1s go and
        // 0 is a label: 0 2 0 3.
        int[] path = [1, 1, 0, 1, 2, 2, 0, 3];
        var logits = new float[path.Length * 4];
        for (var t = 0; t < path.Length; t++)
        {
            logits[t * 4 + path[t]] = 5f;
        }

        Assert.Equal([1, 1, 2, 3], CtcDecoding.Greedy(logits, classes: 4));
        Assert.Equal([1, 1], CtcDecoding.Greedy(logits, classes: 4, length: 4));
        Assert.Equal([0, 2, 0, 3], CtcDecoding.Greedy(logits, classes: 4, blank: 1));
    }

    [Fact]
    public void Beam_search_finds_the_labelling_whose_probability_is_spread_over_many_paths()
    {
        // Two steps, P(blank) = 0.6 and P(a) = 0.4 at each. The best path is blank blank, so greedy reads "" (0.36); but
        // "a" has the three paths a·a, a·blank, blank·a: 0.16 + 0.24 + 0.24 = 0.64.
        var logits = Log(0.6, 0.4, 0.6, 0.4);

        Assert.Empty(CtcDecoding.Greedy(logits, classes: 2));
        Assert.Equal([1], CtcDecoding.BeamSearch(logits, classes: 2, beamWidth: 2));
    }

    [Fact]
    public void Beam_search_keeps_a_repeat_only_across_a_blank()
    {
        // Three steps that are a, blank, a for sure read "a a"; a, a, a read "a".
        Assert.Equal([1, 1], CtcDecoding.BeamSearch(Log(0.01, 0.99, 0.99, 0.01, 0.01, 0.99), classes: 2, beamWidth: 4));
        Assert.Equal([1], CtcDecoding.BeamSearch(Log(0.01, 0.99, 0.01, 0.99, 0.01, 0.99), classes: 2, beamWidth: 4));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_wide_beam_finds_the_most_probable_labelling_by_brute_force(int seed)
    {
        const int steps = 5, classes = 3;
        var random = new Random(seed);
        var logits = Enumerable.Range(0, steps * classes).Select(_ => (float)(random.NextDouble() * 3 - 1.5)).ToArray();
        var probabilities = CtcBruteForce.Softmax(logits.Select(v => (double)v).ToArray(), classes);

        // 3^5 paths collapse to fewer than 100 labellings, so a beam of 100 never drops one: the search is exact.
        Assert.Equal(CtcBruteForce.MostProbable(probabilities, classes, blank: 0), CtcDecoding.BeamSearch(logits, classes, beamWidth: 100));
    }

    [Fact]
    public void The_batch_overloads_decode_each_sequence_over_its_own_length()
    {
        var device = Device.Cpu();
        // Sequence 0: 1 2 2 (length 3); sequence 1: 2 0 2, read over its first 2 steps only.
        var logits = new float[2 * 3 * 3];
        int[] paths = [1, 2, 2, 2, 0, 2];
        for (var i = 0; i < paths.Length; i++)
        {
            logits[i * 3 + paths[i]] = 4f;
        }

        using var tensor = device.FromArray(logits, 2, 3, 3);
        var greedy = CtcDecoding.Greedy(tensor, [3, 2]);
        var beam = CtcDecoding.BeamSearch(tensor, 4, [3, 2]);

        Assert.Equal([[1, 2], [2]], greedy);
        Assert.Equal(greedy, beam);
    }

    [Fact]
    public void It_rejects_what_it_cannot_read()
    {
        Assert.Throws<ArgumentException>(() => CtcDecoding.Greedy(new float[5], classes: 2));
        Assert.Throws<ArgumentException>(() => CtcDecoding.Greedy(new float[4], classes: 2, length: 3));
        Assert.Throws<ArgumentException>(() => CtcDecoding.Greedy(new float[4], classes: 2, blank: 2));
        Assert.Throws<ArgumentException>(() => CtcDecoding.BeamSearch([float.NaN, 0f], classes: 2, beamWidth: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CtcDecoding.BeamSearch(new float[4], classes: 2, beamWidth: 0));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    public void Edit_distance_counts_the_fewest_insertions_deletions_and_substitutions(string reference, string hypothesis, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(reference.Select(c => (int)c).ToArray(), hypothesis.Select(c => (int)c).ToArray()));
    }
}
