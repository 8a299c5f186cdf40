using Strata.Data;
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
    public void The_reviews_split_80_20_into_12800_and_3200_with_a_67_percent_majority_in_the_test_part()
    {
        var (train, test) = LabeledTextFile.Load(SharedData.Directory("sentiment", "reviews.tsv")).Split(0.8);
        Assert.Equal(12_800, train.Count);
        Assert.Equal(3_200, test.Count);

        // The baseline a sentiment model must beat: always answering the majority class of the test part.
        var zeros = test.Labels.ToArray().Count(l => l == 0);
        Assert.InRange(zeros / 3200.0, 0.6, 0.72);
    }

    [Fact]
    public void Mismatched_counts_and_out_of_range_labels_are_rejected()
    {
        Assert.Contains("2 labels", Assert.Throws<ArgumentException>(() => new LabeledText(["a"], [0, 1], 2)).Message);
        Assert.Contains("[0, 2)", Assert.Throws<ArgumentException>(() => new LabeledText(["a"], [2], 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabeledText(["a", "b"], [0, 1], 2).Split(1));
    }
}
