using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// AdaptiveAvgPoolGpu on ILGPU's CPU accelerator against AdaptiveAvgPoolCpu, bit for bit (both sum each window, and each
/// input's shares, in the same order), for sizes that divide, that do not (7 → 3, 5 → 2) and that grow; the argument
/// checks; and the kernels compile to PTX.
/// </summary>
public class AdaptiveAvgPoolGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(AdaptiveAvgPoolKernels));

    [Theory]
    [InlineData(1, 1, 1, 1, 1, 1)]
    [InlineData(2, 3, 7, 5, 3, 2)]
    [InlineData(2, 2, 6, 4, 3, 2)]
    [InlineData(1, 3, 3, 2, 4, 3)]
    [InlineData(3, 2, 13, 13, 6, 6)]
    public void Forward_and_backward_equal_the_cpu(int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth)
    {
        var random = new Random(inHeight * 100 + outWidth);
        var (inputs, outputs) = (batch * channels * inHeight * inWidth, batch * channels * outHeight * outWidth);
        var x = RandomData.Uniform(random, inputs, -4f, 4f);
        var dy = RandomData.Uniform(random, outputs);
        var (cpu, gpu) = (Device.Cpu(), fixture.Device);
        var (cpuY, gpuY) = (cpu.Allocate(outputs), gpu.Allocate(outputs));
        var (cpuDx, gpuDx) = (cpu.FromArray(Garbage(inputs), inputs), gpu.FromArray(Garbage(inputs), inputs));

        AdaptiveAvgPoolCpu.Forward(batch, channels, inHeight, inWidth, outHeight, outWidth, cpu.FromArray(x, inputs), cpuY);
        AdaptiveAvgPoolGpu.Forward(batch, channels, inHeight, inWidth, outHeight, outWidth, gpu.FromArray(x, inputs), gpuY);
        AdaptiveAvgPoolCpu.Backward(batch, channels, inHeight, inWidth, outHeight, outWidth, cpu.FromArray(dy, outputs), cpuDx);
        AdaptiveAvgPoolGpu.Backward(batch, channels, inHeight, inWidth, outHeight, outWidth, gpu.FromArray(dy, outputs), gpuDx);

        Closeness.AssertClose(ReferenceLayers.AdaptiveAvgPool(batch, channels, inHeight, inWidth, outHeight, outWidth, x.ToDouble()), cpuY.ToArray(), 1e-6, what: "cpu forward");
        Assert.Equal(cpuY.ToArray(), gpuY.ToArray());
        Assert.Equal(cpuDx.ToArray(), gpuDx.ToArray());
    }

    [Fact]
    public void Wrong_sizes_and_devices_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var (x, y) = (device.Allocate(1, 2, 7, 5), device.Allocate(1, 2, 3, 2));

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => AdaptiveAvgPoolGpu.Forward(1, 2, 7, 5, 3, 2, x, device.Allocate(11))).Message, StringComparison.Ordinal);
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => AdaptiveAvgPoolGpu.Backward(1, 2, 7, 5, 3, 2, y, device.Allocate(5))).Message, StringComparison.Ordinal);
        Assert.Equal("outHeight", Assert.Throws<ArgumentException>(() => AdaptiveAvgPoolGpu.Forward(1, 2, 7, 5, 0, 2, x, device.Allocate(0))).ParamName);
        Assert.Throws<ArgumentException>(() => AdaptiveAvgPoolGpu.Forward(1, 2, 7, 5, 3, 2, Device.Cpu().Allocate(1, 2, 7, 5), y));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(AdaptiveAvgPoolAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(AdaptiveAvgPoolKernels), kernel);

    private static float[] Garbage(int length) => Enumerable.Repeat(123f, length).ToArray();
}
