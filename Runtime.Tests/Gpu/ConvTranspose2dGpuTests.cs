using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>ConvTranspose2dGpu's own kernel (the bias) compiles to PTX; the rest are Conv2dKernels, checked with Conv2dGpu.</summary>
public class ConvTranspose2dGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(ConvTranspose2dGpu));

    [Fact]
    public void Forward_and_backward_match_the_cpu_with_groups_output_padding_and_a_bias()
    {
        var random = new Random(61);
        // The convolution it transposes: [2, 4, 6, 6] → [2, 2, 3, 3] with k 3, s 2, p 1 (6 = (3 − 1)·2 − 2 + 3 + 1).
        var g = new ConvGeometry(2, 4, 6, 6, 2, 3, 3, 2, 1, 3, 3, Groups: 2);
        var x = RandomData.Uniform(random, 2 * 2 * 3 * 3);
        var w = RandomData.Uniform(random, 2 * 2 * 3 * 3);
        var b = RandomData.Uniform(random, 4);
        var dy = RandomData.Uniform(random, 2 * 4 * 6 * 6);
        var results = new List<float[]>();
        foreach (var device in new[] { Device.Cpu(), fixture.Device })
        {
            var (tx, tw, tb) = (device.FromArray(x, 2, 2, 3, 3), device.FromArray(w, 2, 2, 3, 3), device.FromArray(b, 4));
            var (y, tdy, dx, dw, db) = (device.Allocate(2, 4, 6, 6), device.FromArray(dy, 2, 4, 6, 6), device.Allocate(2, 2, 3, 3), device.Allocate(2, 2, 3, 3), device.Allocate(4));
            if (device.IsGpu)
            {
                ConvTranspose2dGpu.Forward(g, DenseActivation.Identity, tx, tw, tb, y);
                ConvTranspose2dGpu.Backward(g, DenseActivation.Identity, tx, tw, y, tdy, dx, dw, db);
            }
            else
            {
                var workspace = new CpuWorkspace();
                ConvTranspose2dCpu.Forward<IdentityActivation>(g, tx, tw, tb, y, workspace);
                ConvTranspose2dCpu.Backward<IdentityActivation>(g, tx, tw, y, tdy, dx, dw, db, workspace);
            }

            results.Add([.. y.ToArray(), .. dx.ToArray(), .. dw.ToArray(), .. db.ToArray()]);
        }

        Closeness.AssertClose(results[0].ToDouble(), results[1], 1e-5, what: "transposed convolution");
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(ConvTransposeAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(ConvTranspose2dGpu), kernel);
}
