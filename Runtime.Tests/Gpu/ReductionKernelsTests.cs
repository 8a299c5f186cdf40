using Strata.Gpu;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// The device reductions: gradient clipping by global norm (a group reduction per parameter into a device scalar, then
/// a scaling kernel that reads it) against the CPU path on ILGPU's CPU accelerator, with lengths that span several
/// groups and leave a ragged tail, and the reduction, clipping and loss kernels compiled to PTX.
/// </summary>
public class ReductionKernelsTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    // ILGPU writes an atomic add whose result is unused as PTX's reduction form (red.add.f32), else as atom.
    private const string AtomicAdd = @"(red|atom)(\.global)?\.add\.f32";

    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(ReductionKernels));

    [Theory]
    [InlineData(0.5f)]
    [InlineData(1000f)]
    public void Clipping_on_the_device_matches_the_cpu_and_copies_nothing(float maxNorm)
    {
        var random = new Random(11);
        int[] lengths = [700, 3, 257];
        var values = lengths.Select(n => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var cpu = Make(Device.Cpu(), values);
        var gpu = Make(fixture.Device, values);

        var cpuNorm = GradientClipping.ClipByGlobalNorm(cpu, maxNorm);
        var (uploads, downloads) = (fixture.Device.HostUploads, fixture.Device.HostDownloads);
        GradientClipping.Clip(gpu, maxNorm);
        var copies = fixture.Device.HostUploads - uploads + fixture.Device.HostDownloads - downloads;
        foreach (var parameter in gpu)
        {
            parameter.Grad.CopyFrom(values[gpu.IndexOf(parameter)]);
        }

        var gpuNorm = GradientClipping.ClipByGlobalNorm(gpu, maxNorm);

        Assert.Equal(0, copies);
        Assert.Equal(cpuNorm, gpuNorm, 1e-5 * cpuNorm);
        for (var p = 0; p < cpu.Count; p++)
        {
            var expected = cpu[p].Grad.ToArray();
            var actual = gpu[p].Grad.ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-6);
            }
        }

        // The frozen parameter is out of the norm and keeps its gradient.
        Assert.Equal(values[1], gpu[1].Grad.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Compiles_to_ptx(string name) =>
        Assert.Contains(".entry", PtxCompiler.CompileEither(typeof(ReductionKernels).GetMethod(name)!), StringComparison.Ordinal);

    [Fact]
    public void The_group_reduction_compiles_to_shared_memory_and_barriers()
    {
        var ptx = PtxCompiler.CompileExplicitlyGrouped(typeof(ReductionKernels).GetMethod(nameof(ReductionKernels.SumOfSquares))!);

        Assert.Contains(".shared", ptx, StringComparison.Ordinal);
        Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
        Assert.Contains("shfl.sync", ptx, StringComparison.Ordinal);
        Assert.Matches(AtomicAdd, ptx);
    }

    [Fact]
    public void The_loss_kernel_compiles_to_ptx()
    {
        var kernel = typeof(SoftmaxCrossEntropyGpu).GetMethod("RowKernel", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

        Assert.Matches(AtomicAdd, PtxCompiler.Compile(kernel));
    }

    private static List<Parameter> Make(Device device, float[][] values)
    {
        var parameters = new List<Parameter>();
        for (var p = 0; p < values.Length; p++)
        {
            var parameter = new Parameter(device, $"p{p}", values[p].Length) { IsFrozen = p == 1 };
            parameter.Grad.CopyFrom(values[p]);
            parameters.Add(parameter);
        }

        return parameters;
    }
}
