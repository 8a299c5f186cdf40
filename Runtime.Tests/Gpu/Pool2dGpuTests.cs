using Strata.Runtime.Tests.Coverage;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// Pool2dGpu on ILGPU's CPU accelerator against Pool2dCpu (itself checked against float64 references with PyTorch's
/// rules and finite differences) at tiny sizes; and its kernels compile to PTX. Max pooling selects values and sums
/// gradients in the CPU's order, so it must agree exactly, ties and NaNs included.
/// </summary>
public class Pool2dGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(Pool2dKernels));

    // batch, channels, height, width, kernel, stride, pad
    public static readonly TheoryData<int, int, int, int, int, int, int> Geometries = new()
    {
        { 1, 1, 4, 4, 2, 2, 0 },
        { 3, 2, 7, 6, 2, 2, 0 },   // odd size: the last row and column are dropped
        { 2, 3, 7, 7, 3, 2, 1 },
        { 1, 2, 5, 6, 3, 1, 1 },   // overlapping windows
        { 2, 2, 9, 8, 4, 3, 2 },   // pad 2
        { 1, 1, 7, 7, 3, 3, 1 },
        { 2, 1, 5, 7, 3, 2, 1 },   // uneven height and width
        { 1, 2, 6, 5, 5, 1, 2 },   // a large kernel sliding one step: every input in many windows
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Max_forward_and_backward_equal_the_cpu_with_ties(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, kernel, stride, pad);
        var random = new Random(n * 100 + h * 10 + kernel);
        // Five levels: most windows hold tied maxima, so the first-maximum rule decides where gradients go.
        var x = Enumerable.Range(0, n * c * h * w).Select(_ => (float)random.Next(-2, 3)).ToArray();

        var (cpuY, cpuDx) = Max(Device.Cpu(), g, x, Pool2dCpu.MaxForward, Pool2dCpu.MaxBackward);
        var (gpuY, gpuDx) = Max(fixture.Device, g, x, Pool2dGpu.MaxForward, Pool2dGpu.MaxBackward);

        Assert.Equal(cpuY, gpuY);
        Assert.Equal(cpuDx, gpuDx);
    }

    [Fact]
    public void Max_lets_a_nan_win_as_the_cpu_and_pytorch_do()
    {
        var g = Geometry(1, 2, 5, 6, 3, 1, 1);
        var x = RandomData.Uniform(new Random(41), 60);
        x[7] = x[9] = x[40] = float.NaN;

        var (cpuY, cpuDx) = Max(Device.Cpu(), g, x, Pool2dCpu.MaxForward, Pool2dCpu.MaxBackward);
        var (gpuY, gpuDx) = Max(fixture.Device, g, x, Pool2dGpu.MaxForward, Pool2dGpu.MaxBackward);

        Assert.Contains(gpuY, float.IsNaN);
        Assert.Equal(cpuY, gpuY);
        Assert.Equal(cpuDx, gpuDx);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Avg_forward_and_backward_match_the_cpu_with_and_without_padding_in_the_count(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, kernel, stride, pad);
        var random = new Random(n * 100 + h * 10 + kernel + 1);
        var x = RandomData.Uniform(random, n * c * h * w);
        var dy = RandomData.Uniform(random, n * c * g.OutHeight * g.OutWidth);
        foreach (var countIncludePad in new[] { true, false })
        {
            var cpu = Avg(Device.Cpu(), g, countIncludePad, x, dy, Pool2dCpu.AvgForward, Pool2dCpu.AvgBackward);
            var gpu = Avg(fixture.Device, g, countIncludePad, x, dy, Pool2dGpu.AvgForward, Pool2dGpu.AvgBackward);

            Closeness.AssertClose(cpu.Y.ToDouble(), gpu.Y, Closeness.ForwardTolerance, what: $"y (count_include_pad={countIncludePad})");
            Closeness.AssertClose(cpu.Dx.ToDouble(), gpu.Dx, Closeness.ForwardTolerance, what: $"dx (count_include_pad={countIncludePad})");
        }
    }

    [Fact]
    public void An_empty_batch_launches_nothing()
    {
        var g = Geometry(0, 2, 4, 4, 2, 2, 0);
        var device = fixture.Device;

        Pool2dGpu.MaxForward(g, device.Allocate(0, 2, 4, 4), device.Allocate(0, 2, 2, 2));
        Pool2dGpu.MaxBackward(g, device.Allocate(0, 2, 4, 4), device.Allocate(0, 2, 2, 2), device.Allocate(0, 2, 4, 4));
        Pool2dGpu.AvgForward(g, true, device.Allocate(0, 2, 4, 4), device.Allocate(0, 2, 2, 2));
        Pool2dGpu.AvgBackward(g, false, device.Allocate(0, 2, 2, 2), device.Allocate(0, 2, 4, 4));
    }

    [Fact]
    public void Wrong_sizes_and_devices_are_rejected_before_a_launch()
    {
        var g = Geometry(1, 2, 4, 4, 2, 2, 0);
        var device = fixture.Device;
        var (x, y) = (device.Allocate(1, 2, 4, 4), device.Allocate(1, 2, 2, 2));

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => Pool2dGpu.MaxForward(g, x, device.Allocate(1, 2, 3, 3))).Message, StringComparison.Ordinal);
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => Pool2dGpu.MaxBackward(g, x, y, device.Allocate(3))).Message, StringComparison.Ordinal);
        Assert.Contains("at most half", Assert.Throws<ArgumentException>(() => Pool2dGpu.AvgForward(g with { Pad = 2, OutHeight = 4, OutWidth = 4 }, true, x, device.Allocate(1, 2, 4, 4))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Pool2dGpu.AvgBackward(g, true, Device.Cpu().Allocate(1, 2, 2, 2), x));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(MaxPoolAttribute), typeof(AvgPoolAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(Pool2dKernels), kernel);

    private static PoolGeometry Geometry(int n, int c, int h, int w, int kernel, int stride, int pad) =>
        new(n, c, h, w, kernel, stride, pad, (h + 2 * pad - kernel) / stride + 1, (w + 2 * pad - kernel) / stride + 1);

    private delegate void MaxForward(in PoolGeometry g, Tensor x, Tensor y);

    private delegate void MaxBackward(in PoolGeometry g, Tensor x, Tensor dy, Tensor dx);

    private delegate void AvgForward(in PoolGeometry g, bool countIncludePad, Tensor x, Tensor y);

    private delegate void AvgBackward(in PoolGeometry g, bool countIncludePad, Tensor dy, Tensor dx);

    /// <summary>Max forward, then backward of dy = 1, 2, 3, ... (exact in float) into a dx that starts as garbage.</summary>
    private static (float[] Y, float[] Dx) Max(Device device, PoolGeometry g, float[] values, MaxForward forward, MaxBackward backward)
    {
        var x = device.FromArray(values, g.Batch, g.Channels, g.InHeight, g.InWidth);
        var y = device.Allocate(g.Batch, g.Channels, g.OutHeight, g.OutWidth);
        var dx = device.FromArray(Enumerable.Repeat(123f, values.Length).ToArray(), x.Shape);
        forward(g, x, y);
        backward(g, x, device.FromArray(Enumerable.Range(1, y.Length).Select(i => (float)i).ToArray(), y.Shape), dx);
        return (y.ToArray(), dx.ToArray());
    }

    private static (float[] Y, float[] Dx) Avg(
        Device device, PoolGeometry g, bool countIncludePad, float[] values, float[] gradients, AvgForward forward, AvgBackward backward)
    {
        var x = device.FromArray(values, g.Batch, g.Channels, g.InHeight, g.InWidth);
        var y = device.Allocate(g.Batch, g.Channels, g.OutHeight, g.OutWidth);
        var dx = device.FromArray(Enumerable.Repeat(123f, values.Length).ToArray(), x.Shape);
        forward(g, countIncludePad, x, y);
        backward(g, countIncludePad, device.FromArray(gradients, y.Shape), dx);
        return (y.ToArray(), dx.ToArray());
    }
}
