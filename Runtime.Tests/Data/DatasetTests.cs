using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class DatasetTests
{
    private static Dataset ThreeSamples() =>
        new(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), [2, 0, 1], [1, 2, 2], classCount: 3);

    [Fact]
    public void Samples_and_labels_are_read_in_layout_order()
    {
        var data = ThreeSamples();
        Assert.Equal(3, data.Count);
        Assert.Equal(4, data.SampleSize);
        Assert.Equal([4f, 5f, 6f, 7f], data.Sample(1).ToArray());
        Assert.Equal(1, data.Label(2));
    }

    [Fact]
    public void Slice_shares_the_storage_and_offsets_every_index()
    {
        var slice = ThreeSamples().Slice(1, 2);
        Assert.Equal(2, slice.Count);
        Assert.Equal([8f, 9f, 10f, 11f], slice.Sample(1).ToArray());
        Assert.Equal([0, 1], slice.Labels.ToArray());
        Assert.Equal(Enumerable.Range(4, 8).Select(i => (float)i), slice.Features.ToArray());
        Assert.Equal([1f, 2f, 3f], slice.Slice(1, 1).Sample(0)[1..].ToArray().Select(x => x - 8));
    }

    [Fact]
    public void Inconsistent_lengths_name_expected_and_actual()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset(new float[11], [0, 1, 2], [1, 2, 2], 3));
        Assert.Contains("[3, 1, 2, 2]", error.Message);
        Assert.Contains("got 11", error.Message);
    }

    [Fact]
    public void Labels_outside_the_classes_and_bad_slices_are_rejected()
    {
        Assert.Contains("[0, 3)", Assert.Throws<ArgumentException>(() => new Dataset(new float[2], [0, 3], [1], 3)).Message);
        Assert.Throws<ArgumentException>(() => new Dataset(new float[0], [], [0], 3));
        Assert.Throws<ArgumentException>(() => ThreeSamples().Slice(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreeSamples().Sample(3));
    }
}
