using Strata.Cpu;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// GlobalAvgPoolCpu on values whose means are exact in float, worked out by hand; the float64 reference and finite
/// differences check it through the generated models (GlobalAvgPoolNet, GlobalAvgPoolHeadNet).
/// </summary>
public class GlobalAvgPoolCpuTests
{
    [Fact]
    public void Each_plane_becomes_its_mean_and_its_gradient_spreads_evenly()
    {
        var device = Device.Cpu();
        // Two samples, two channels, 2×2 planes: means 2.5, −1, 10 and 0.
        var x = device.FromArray([1f, 2f, 3f, 4f, -1f, -1f, -1f, -1f, 10f, 12f, 8f, 10f, 5f, -5f, 3f, -3f], 2, 2, 2, 2);
        var y = device.Allocate(2, 2);
        var dx = device.FromArray(Enumerable.Repeat(99f, 16).ToArray(), 2, 2, 2, 2);

        GlobalAvgPoolCpu.Forward(2, 2, 4, x, y);
        GlobalAvgPoolCpu.Backward(2, 2, 4, device.FromArray([4f, -8f, 2f, 0f], 2, 2), dx);

        Assert.Equal(new[] { 2.5f, -1f, 10f, 0f }, y.ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f, 1f, -2f, -2f, -2f, -2f, 0.5f, 0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f }, dx.ToArray());
    }

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        var device = Device.Cpu();

        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => GlobalAvgPoolCpu.Forward(1, 2, 4, device.Allocate(1, 2, 3), device.Allocate(1, 2))).Message, StringComparison.Ordinal);
        Assert.Equal("batch", Assert.Throws<ArgumentException>(() => GlobalAvgPoolCpu.Backward(0, 2, 4, device.Allocate(0), device.Allocate(0))).ParamName);
    }
}
