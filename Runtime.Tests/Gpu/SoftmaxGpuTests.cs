using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>SoftmaxGpu on ILGPU's CPU accelerator against SoftmaxCpu, and its kernels compile to PTX.</summary>
public class SoftmaxGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(SoftmaxGpu));

    [Fact]
    public void Forward_and_backward_match_the_cpu_and_each_slice_sums_to_one()
    {
        var random = new Random(41);
        const int outer = 2, channels = 3, inner = 5;
        var x = RandomData.Uniform(random, outer * channels * inner, -30, 30);
        var dy = RandomData.Uniform(random, x.Length);
        var cpu = Device.Cpu();
        var (cpuY, cpuDx) = (cpu.Allocate(outer, channels, inner), cpu.Allocate(outer, channels, inner));
        var (gpuY, gpuDx) = (fixture.Device.Allocate(outer, channels, inner), fixture.Device.Allocate(outer, channels, inner));

        SoftmaxCpu.Forward(outer, channels, inner, cpu.FromArray(x, outer, channels, inner), cpuY);
        SoftmaxCpu.Backward(outer, channels, inner, cpuY, cpu.FromArray(dy, outer, channels, inner), cpuDx);
        SoftmaxGpu.Forward(outer, channels, inner, fixture.Device.FromArray(x, outer, channels, inner), gpuY);
        SoftmaxGpu.Backward(outer, channels, inner, gpuY, fixture.Device.FromArray(dy, outer, channels, inner), gpuDx);

        var y = cpuY.ToArray();
        for (var o = 0; o < outer; o++)
        for (var i = 0; i < inner; i++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, channels).Sum(c => (double)y[(o * channels + c) * inner + i]), 5);
        }

        Closeness.AssertClose(y.ToDouble(), gpuY.ToArray(), 1e-6, what: "softmax");
        Closeness.AssertClose(cpuDx.ToArray().ToDouble(), gpuDx.ToArray(), 1e-6, what: "softmax gradient");
    }

    [Fact]
    public void A_nan_makes_its_slice_nan_and_leaves_the_others()
    {
        var cpu = Device.Cpu();
        var y = cpu.Allocate(2, 2, 1);
        SoftmaxCpu.Forward(2, 2, 1, cpu.FromArray([float.NaN, 1f, 0f, 0f], 2, 2, 1), y);

        Assert.All(y.ToArray().Take(2), v => Assert.True(float.IsNaN(v)));
        Assert.Equal([0.5f, 0.5f], y.ToArray().Skip(2));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(SoftmaxAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(SoftmaxGpu), kernel);
}
