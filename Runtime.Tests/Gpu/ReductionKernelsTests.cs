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

    [Fact]
    public void Flat_gradients_are_clipped_in_two_launches_whatever_their_number()
    {
        var random = new Random(12);
        int[] lengths = [300, 5, 40, 129];
        var values = lengths.Select(n => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var cpu = Make(Device.Cpu(), values);
        var gpu = Make(fixture.Device, values);
        var separate = Make(fixture.Device, values);
        _ = new Sgd(gpu, 0.1f); // moves the gradients into one flat buffer

        var cpuNorm = GradientClipping.ClipByGlobalNorm(cpu, 0.5f);
        var (flatBefore, separateBefore) = (GradientNormGpu.Launches(gpu), GradientNormGpu.Launches(separate));
        var gpuNorm = GradientClipping.ClipByGlobalNorm(gpu, 0.5f);
        GradientClipping.Clip(separate, 0.5f);

        Assert.Equal(2, GradientNormGpu.Launches(gpu) - flatBefore);           // one reduction, one scaling: all four
        Assert.Equal(2 * 3, GradientNormGpu.Launches(separate) - separateBefore); // per unfrozen parameter without it
        Assert.Equal(cpuNorm, gpuNorm, 1e-5 * cpuNorm);
        for (var p = 0; p < cpu.Count; p++)
        {
            var expected = cpu[p].Grad.ToArray();
            foreach (var actual in new[] { gpu[p].Grad.ToArray(), separate[p].Grad.ToArray() })
            {
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.Equal(expected[i], actual[i], 1e-6);
                }
            }
        }

        // Thawing parameter 1 joins the runs; the table follows, still two launches, and the norm counts it again.
        gpu[1].IsFrozen = cpu[1].IsFrozen = false;
        for (var p = 0; p < cpu.Count; p++)
        {
            cpu[p].Grad.CopyFrom(values[p]);
            gpu[p].Grad.CopyFrom(values[p]);
        }

        flatBefore = GradientNormGpu.Launches(gpu);
        Assert.Equal(GradientClipping.ClipByGlobalNorm(cpu, 0.5f), GradientClipping.ClipByGlobalNorm(gpu, 0.5f), 1e-5);
        Assert.Equal(2, GradientNormGpu.Launches(gpu) - flatBefore);
        Assert.Equal(cpu[1].Grad.ToArray()[0], gpu[1].Grad.ToArray()[0], 1e-6);
    }

    [Fact]
    public void A_nan_gradient_makes_the_norm_nan_without_hanging_the_cpu_accelerator()
    {
        float[][] values = [[1f, float.NaN, 2f], [3f, 4f]];
        var cpu = Make(Device.Cpu(), values);
        var gpu = Make(fixture.Device, values);
        cpu[1].IsFrozen = gpu[1].IsFrozen = false;
        var separate = Make(fixture.Device, values);
        separate[1].IsFrozen = false;
        _ = new Sgd(gpu, 0.1f);

        Assert.True(float.IsNaN(GradientClipping.ClipByGlobalNorm(cpu, 1f)));
        Assert.True(float.IsNaN(GradientClipping.ClipByGlobalNorm(gpu, 1f)));
        Assert.True(float.IsNaN(GradientClipping.ClipByGlobalNorm(separate, 1f))); // NaN first, then a finite add
        Assert.All(gpu[1].Grad.ToArray(), v => Assert.True(float.IsNaN(v))); // PyTorch applies the NaN factor too
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
