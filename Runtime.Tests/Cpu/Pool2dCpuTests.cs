using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>Pool2dCpu against float64 references with PyTorch's rules, finite differences and hand-worked cases.</summary>
public class Pool2dCpuTests
{
    // batch, channels, height, width, kernel, stride, pad
    public static readonly TheoryData<int, int, int, int, int, int, int> Geometries = new()
    {
        { 1, 1, 4, 4, 2, 2, 0 },
        { 3, 2, 7, 6, 2, 2, 0 },   // odd size: the last row and column are dropped
        { 2, 3, 7, 7, 3, 2, 1 },
        { 1, 2, 5, 6, 3, 1, 1 },   // overlapping windows
        { 2, 2, 9, 8, 4, 3, 2 },   // pad 2
        { 1, 1, 7, 7, 3, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxForward_matches_the_reference(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, kernel, stride, pad);
        var device = Device.Cpu();
        var x = RandomData.Uniform(new Random(1), n * c * h * w, -5, -1); // all negative: a zero pad would win if counted
        var y = device.Allocate(n, c, g.OutHeight, g.OutWidth);

        Pool2dCpu.MaxForward(g, device.FromArray(x, x.Length), y);

        Closeness.AssertClose(ReferenceLayers.MaxPool(g, x.ToDouble()), y.Span, Closeness.ForwardTolerance);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    [Covers(Check.Gradient, typeof(MaxPoolAttribute))]
    public void MaxBackward_matches_finite_differences(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, kernel, stride, pad);
        var device = Device.Cpu();
        var x = RandomData.Distinct(new Random(2), n * c * h * w); // distinct values 0.01 apart: no ties, no kinks within the step
        var r = RandomData.Uniform(new Random(3), n * c * g.OutHeight * g.OutWidth);
        var dx = device.FromArray(RandomData.Uniform(new Random(4), x.Length, 7, 8), x.Length);

        Pool2dCpu.MaxBackward(g, device.FromArray(x, x.Length), device.FromArray(r, r.Length), dx);

        var expected = FiniteDifferences.Gradient(xs => ReferenceLayers.WeightedSum(r.ToDouble(), ReferenceLayers.MaxPool(g, xs)), x.ToDouble());
        Closeness.AssertClose(expected, dx.Span, Closeness.GradientTolerance, what: "dx");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void AvgForward_matches_the_reference_with_and_without_padding_in_the_count(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, kernel, stride, pad);
        var device = Device.Cpu();
        var x = RandomData.Uniform(new Random(5), n * c * h * w);
        foreach (var countIncludePad in new[] { true, false })
        {
            var y = device.Allocate(n, c, g.OutHeight, g.OutWidth);
            Pool2dCpu.AvgForward(g, countIncludePad, device.FromArray(x, x.Length), y);
            Closeness.AssertClose(ReferenceLayers.AvgPool(g, countIncludePad, x.ToDouble()), y.Span, Closeness.ForwardTolerance,
                what: $"countIncludePad={countIncludePad}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    [Covers(Check.Gradient, typeof(AvgPoolAttribute))]
    public void AvgBackward_matches_finite_differences(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, kernel, stride, pad);
        var device = Device.Cpu();
        var x = RandomData.Uniform(new Random(6), n * c * h * w).ToDouble();
        var r = RandomData.Uniform(new Random(7), n * c * g.OutHeight * g.OutWidth);
        foreach (var countIncludePad in new[] { true, false })
        {
            var dx = device.FromArray(RandomData.Uniform(new Random(8), x.Length, 7, 8), x.Length);
            Pool2dCpu.AvgBackward(g, countIncludePad, device.FromArray(r, r.Length), dx);

            var expected = FiniteDifferences.Gradient(
                xs => ReferenceLayers.WeightedSum(r.ToDouble(), ReferenceLayers.AvgPool(g, countIncludePad, xs)), x);
            Closeness.AssertClose(expected, dx.Span, Closeness.GradientTolerance, what: $"dx countIncludePad={countIncludePad}");
        }
    }

    [Fact]
    public void Avg_divisor_follows_count_include_pad_at_the_corner()
    {
        // x = 1..9 as 3×3, kernel 2, stride 1, pad 1: the top-left window holds only x[0,0] = 1 plus three pad cells.
        var device = Device.Cpu();
        var g = Geometry(1, 1, 3, 3, 2, 1, 1);
        var x = device.FromArray([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);
        var withPad = device.Allocate(1, 1, 4, 4);
        var withoutPad = device.Allocate(1, 1, 4, 4);

        Pool2dCpu.AvgForward(g, countIncludePad: true, x, withPad);
        Pool2dCpu.AvgForward(g, countIncludePad: false, x, withoutPad);

        Assert.Equal(0.25f, withPad.Span[0]);          // 1 / 4
        Assert.Equal(1f, withoutPad.Span[0]);          // 1 / 1
        Assert.Equal((1 + 2) / 4f, withPad.Span[1]);   // top edge: two real cells
        Assert.Equal((1 + 2) / 2f, withoutPad.Span[1]);
        Assert.Equal((1 + 2 + 4 + 5) / 4f, withoutPad.Span[5]); // interior: no padding either way
    }

    [Fact]
    public void Max_ties_route_the_gradient_to_the_first_maximum_in_row_major_order()
    {
        // All-equal 4×4 input, kernel 2, stride 1: each of the 3×3 windows picks its top-left cell.
        var device = Device.Cpu();
        var g = Geometry(1, 1, 4, 4, 2, 1, 0);
        var x = device.FromArray(Enumerable.Repeat(1f, 16).ToArray(), 1, 1, 4, 4);
        var dy = device.FromArray(Enumerable.Repeat(1f, 9).ToArray(), 1, 1, 3, 3);
        var dx = device.Allocate(1, 1, 4, 4);

        Pool2dCpu.MaxBackward(g, x, dy, dx);

        Assert.Equal([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0], dx.ToArray());
    }

    [Fact]
    public void Max_padding_never_wins_and_overlapping_windows_accumulate()
    {
        // 1×3 row of negatives, kernel 3, stride 1, pad 1: windows [pad, −3, −1], [−3, −1, −2], [−1, −2, pad].
        var device = Device.Cpu();
        var g = new PoolGeometry(Batch: 1, Channels: 1, InHeight: 1, InWidth: 3, Kernel: 3, Stride: 1, Pad: 1, OutHeight: 1, OutWidth: 3);
        var x = device.FromArray([-3f, -1f, -2f], 1, 1, 1, 3);
        var y = device.Allocate(1, 1, 1, 3);
        var dx = device.Allocate(1, 1, 1, 3);

        Pool2dCpu.MaxForward(g, x, y);
        Pool2dCpu.MaxBackward(g, x, device.FromArray([1f, 10f, 100f], 1, 1, 1, 3), dx);

        Assert.Equal([-1f, -1f, -1f], y.ToArray());
        Assert.Equal([0f, 111f, 0f], dx.ToArray());
    }

    [Fact]
    public void Wrong_lengths_and_geometry_are_rejected()
    {
        var device = Device.Cpu();
        var g = Geometry(2, 3, 8, 8, 2, 2, 0);
        var x = device.Allocate(2, 3, 8, 8);
        var y = device.Allocate(2, 3, 4, 4);

        var error = Assert.Throws<ArgumentException>(() => Pool2dCpu.MaxForward(g, x, device.Allocate(2, 3, 4, 5)));
        Assert.Contains("'y' should hold [2, 3, 4, 4] = 96 values, but it is [2, 3, 4, 5] = 120 values", error.Message);
        Assert.Throws<ArgumentException>(() => Pool2dCpu.AvgForward(g, true, device.Allocate(2, 3, 8, 7), y));
        Assert.Throws<ArgumentException>(() => Pool2dCpu.MaxBackward(g, x, y, device.Allocate(2, 3, 8, 9)));
        Assert.Throws<ArgumentException>(() => Pool2dCpu.AvgBackward(g, false, device.Allocate(2, 3, 4, 3), x));
        Assert.Throws<ArgumentException>(() => Pool2dCpu.MaxForward(g with { OutWidth = 5 }, x, device.Allocate(2, 3, 4, 5)));
        Assert.Throws<ArgumentException>(() => Pool2dCpu.MaxForward(g with { Pad = 2, OutHeight = 6, OutWidth = 6 }, x, device.Allocate(2, 3, 6, 6)));
    }

    private static PoolGeometry Geometry(int n, int c, int h, int w, int kernel, int stride, int pad) =>
        new(n, c, h, w, kernel, stride, pad, (h + 2 * pad - kernel) / stride + 1, (w + 2 * pad - kernel) / stride + 1);
}
