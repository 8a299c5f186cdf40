using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>GeluGpu on ILGPU's CPU accelerator against GeluCpu, GELU's known values, and its kernels compile to PTX.</summary>
public class GeluGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(GeluGpu));

    [Fact]
    public void Known_values_of_x_times_the_normal_cdf_and_the_gpu_matches_the_cpu()
    {
        // Φ(1) = 0.8413447460685429, Φ(−1) = 0.15865525393145707, Φ(2) = 0.9772498680518208 (tables of the normal CDF).
        float[] x = [0f, 1f, -1f, 2f, -6f];
        double[] expected = [0, 0.8413447460685429, -0.15865525393145707, 2 * 0.9772498680518208, -6 * 9.865876450376946e-10];
        var cpu = Device.Cpu();
        var y = cpu.Allocate(5);
        GeluCpu.Forward(cpu.FromArray(x, 5), y);
        Closeness.AssertClose(expected, y.ToArray(), 1e-6, what: "gelu");

        var random = new Random(51);
        var values = RandomData.Uniform(random, 64, -5, 5);
        var dy = RandomData.Uniform(random, 64);
        var (cpuY, cpuDx) = (cpu.Allocate(64), cpu.Allocate(64));
        var (gpuY, gpuDx) = (fixture.Device.Allocate(64), fixture.Device.Allocate(64));
        GeluCpu.Forward(cpu.FromArray(values, 64), cpuY);
        GeluCpu.Backward(cpu.FromArray(values, 64), cpu.FromArray(dy, 64), cpuDx);
        GeluGpu.Forward(fixture.Device.FromArray(values, 64), gpuY);
        GeluGpu.Backward(fixture.Device.FromArray(values, 64), fixture.Device.FromArray(dy, 64), gpuDx);
        Closeness.AssertClose(cpuY.ToArray().ToDouble(), gpuY.ToArray(), 1e-6, what: "gelu on the gpu");
        Closeness.AssertClose(cpuDx.ToArray().ToDouble(), gpuDx.ToArray(), 1e-6, what: "gelu gradient on the gpu");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(GeluAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(GeluGpu), kernel);
}
