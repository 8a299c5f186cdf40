using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// ConvTranspose2dGpu on ILGPU's CPU accelerator against ConvTranspose2dCpu. It runs the convolution's implicit GEMMs the
/// other way round, whose instantiations compile to PTX in TiledGemmTests and whose other kernels in Conv2dGpuTests.
/// </summary>
public class ConvTranspose2dGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    // The convolution each transposes: [2, 4, 6, 6] → [2, 2, 3, 3] with k 3, s 2, p 1 (6 = (3 − 1)·2 − 2 + 3 + 1), in
    // two groups; and a depthwise one, [2, 3, 5, 5] → [2, 3, 5, 5] with k 3, p 1.
    public static TheoryData<int> Cases => new(0, 1);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_cpu_with_groups_output_padding_and_a_bias(int @case)
    {
        var random = new Random(61 + @case);
        var g = @case == 0 ? new ConvGeometry(2, 4, 6, 6, 2, 3, 3, 2, 1, 3, 3, Groups: 2) : new ConvGeometry(2, 3, 5, 5, 3, 3, 3, 1, 1, 5, 5, Groups: 3);
        int[] xShape = [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth], yShape = [g.Batch, g.InChannels, g.InHeight, g.InWidth];
        int[] wShape = [g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth];
        var x = RandomData.Uniform(random, xShape.Aggregate(1, (a, b) => a * b));
        var w = RandomData.Uniform(random, wShape.Aggregate(1, (a, b) => a * b));
        var b = RandomData.Uniform(random, g.InChannels);
        var dy = RandomData.Uniform(random, yShape.Aggregate(1, (a, b) => a * b));
        var results = new List<float[]>();
        foreach (var device in new[] { Device.Cpu(), fixture.Device })
        {
            var (tx, tw, tb) = (device.FromArray(x, xShape), device.FromArray(w, wShape), device.FromArray(b, g.InChannels));
            var (y, tdy, dx, dw, db) = (device.Allocate(yShape), device.FromArray(dy, yShape), device.Allocate(xShape), device.Allocate(wShape), device.Allocate(g.InChannels));
            if (device.IsGpu)
            {
                ConvTranspose2dGpu.Forward(g, DenseActivation.Tanh, tx, tw, tb, y);
                ConvTranspose2dGpu.Backward(g, DenseActivation.Tanh, tx, tw, y, tdy, dx, dw, db);
            }
            else
            {
                var workspace = new CpuWorkspace();
                ConvTranspose2dCpu.Forward<TanhActivation>(g, tx, tw, tb, y, workspace);
                ConvTranspose2dCpu.Backward<TanhActivation>(g, tx, tw, y, tdy, dx, dw, db, workspace);
            }

            results.Add([.. y.ToArray(), .. dx.ToArray(), .. dw.ToArray(), .. db.ToArray()]);
        }

        Closeness.AssertClose(results[0].ToDouble(), results[1], 1e-5, what: "transposed convolution");
    }
}
