using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// GlobalAvgPoolGpu on ILGPU's CPU accelerator against GlobalAvgPoolCpu (itself checked against a float64 reference
/// and finite differences through the generated models), bit for bit since both sum each plane in the same order; its
/// argument checks; and its kernels compile to PTX.
/// </summary>
public class GlobalAvgPoolGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(GlobalAvgPoolKernels));

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 20)]
    [InlineData(3, 5, 49)]
    public void Forward_and_backward_equal_the_cpu(int batch, int channels, int planeSize)
    {
        var random = new Random(batch * 100 + planeSize);
        var x = RandomData.Uniform(random, batch * channels * planeSize, -4f, 4f);
        var dy = RandomData.Uniform(random, batch * channels);
        var (cpu, gpu) = (Device.Cpu(), fixture.Device);
        var (cpuY, gpuY) = (cpu.Allocate(batch, channels), gpu.Allocate(batch, channels));
        var (cpuDx, gpuDx) = (cpu.FromArray(Garbage(x.Length), x.Length), gpu.FromArray(Garbage(x.Length), x.Length));

        GlobalAvgPoolCpu.Forward(batch, channels, planeSize, cpu.FromArray(x, x.Length), cpuY);
        GlobalAvgPoolGpu.Forward(batch, channels, planeSize, gpu.FromArray(x, x.Length), gpuY);
        GlobalAvgPoolCpu.Backward(batch, channels, planeSize, cpu.FromArray(dy, dy.Length), cpuDx);
        GlobalAvgPoolGpu.Backward(batch, channels, planeSize, gpu.FromArray(dy, dy.Length), gpuDx);

        Assert.Equal(cpuY.ToArray(), gpuY.ToArray());
        Assert.Equal(cpuDx.ToArray(), gpuDx.ToArray());
    }

    [Fact]
    public void Wrong_sizes_and_devices_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var (x, y) = (device.Allocate(2, 3, 4), device.Allocate(2, 3));

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => GlobalAvgPoolGpu.Forward(2, 3, 4, x, device.Allocate(2, 4))).Message, StringComparison.Ordinal);
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => GlobalAvgPoolGpu.Backward(2, 3, 4, y, device.Allocate(5))).Message, StringComparison.Ordinal);
        Assert.Equal("planeSize", Assert.Throws<ArgumentException>(() => GlobalAvgPoolGpu.Forward(2, 3, 0, device.Allocate(0), y)).ParamName);
        Assert.Throws<ArgumentException>(() => GlobalAvgPoolGpu.Forward(2, 3, 4, Device.Cpu().Allocate(2, 3, 4), y));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(GlobalAvgPoolAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(GlobalAvgPoolKernels), kernel);

    private static float[] Garbage(int length) => Enumerable.Repeat(123f, length).ToArray();
}
