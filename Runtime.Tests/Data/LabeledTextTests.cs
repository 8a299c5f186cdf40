using Strata.Data;
using Strata.Samples;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class LabeledTextTests
{
    [Fact]
    public void Split_takes_the_first_part_for_training_and_the_rest_for_testing_in_order()
    {
        var data = new LabeledText([.. Enumerable.Range(0, 10).Select(i => $"t{i}")], [.. Enumerable.Range(0, 10).Select(i => i % 3)], 3);
        var (train, test) = data.Split(0.8);
        Assert.Equal(["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"], train.Texts);
        Assert.Equal(["t8", "t9"], test.Texts);
        Assert.Equal([2, 0], test.Labels.ToArray());
        Assert.Equal(3, test.ClassCount);
    }

    [Fact]
    public void An_80_20_split_of_4000_reviews_gives_3200_and_800()
    {
        var (train, test) = SyntheticReviews.Generate(4000, seed: 3).Split(0.8);
        Assert.Equal(3_200, train.Count);
        Assert.Equal(800, test.Count);
        Assert.Equal(2, test.ClassCount);
    }

    [Fact]
    public void Mismatched_counts_and_out_of_range_labels_are_rejected()
    {
        Assert.Contains("2 labels", Assert.Throws<ArgumentException>(() => new LabeledText(["a"], [0, 1], 2)).Message);
        Assert.Contains("[0, 2)", Assert.Throws<ArgumentException>(() => new LabeledText(["a"], [2], 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledText(["a", "b"], [0, 1], 2).Split(1));
    }
}
