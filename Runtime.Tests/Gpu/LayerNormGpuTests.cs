using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// LayerNormGpu on ILGPU's CPU accelerator against LayerNormCpu (itself checked against a float64 reference and finite
/// differences through the generated models), which sum in the same order; the CPU against the float64 reference
/// directly; the argument checks; and the kernels compile to PTX.
/// </summary>
public class LayerNormGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(LayerNormKernels));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(8, 36)]
    public void Forward_and_backward_equal_the_cpu_and_the_forward_the_float64_reference(int rows, int size)
    {
        var random = new Random(rows * 100 + size);
        var (x, weight, bias, dy) = (RandomData.Uniform(random, rows * size, -3f, 5f), RandomData.Uniform(random, size), RandomData.Uniform(random, size), RandomData.Uniform(random, rows * size));
        var results = new List<float[]>[2];
        foreach (var (device, slot) in new[] { (Device.Cpu(), 0), (fixture.Device, 1) })
        {
            var (y, mean, invStd, dx, dWeight, dBias) = (device.Allocate(rows, size), device.Allocate(rows), device.Allocate(rows), device.Allocate(rows, size), device.Allocate(size), device.Allocate(size));
            var (xs, ws, dys) = (device.FromArray(x, rows, size), device.FromArray(weight, size), device.FromArray(dy, rows, size));
            if (slot == 0)
            {
                LayerNormCpu.Forward(rows, size, 1e-5f, xs, ws, device.FromArray(bias, size), mean, invStd, y);
                LayerNormCpu.Backward(rows, size, xs, ws, mean, invStd, dys, dx, dWeight, dBias);
            }
            else
            {
                LayerNormGpu.Forward(rows, size, 1e-5f, xs, ws, device.FromArray(bias, size), mean, invStd, y);
                LayerNormGpu.Backward(rows, size, xs, ws, mean, invStd, dys, dx, dWeight, dBias);
            }

            results[slot] = [y.ToArray(), mean.ToArray(), invStd.ToArray(), dx.ToArray(), dWeight.ToArray(), dBias.ToArray()];
        }

        Closeness.AssertClose(ReferenceLayers.LayerNorm(rows, size, x.ToDouble(), weight.ToDouble(), bias.ToDouble(), 1e-5), results[0][0], Closeness.ForwardTolerance, what: "cpu forward");
        for (var i = 0; i < results[0].Count; i++)
        {
            Closeness.AssertClose(results[0][i].ToDouble(), results[1][i], 1e-6, what: $"gpu result {i}");
        }
    }

    [Fact]
    public void Without_dx_only_the_parameter_gradients_are_written()
    {
        var device = fixture.Device;
        var (x, w, mean, invStd) = (device.FromArray(RandomData.Uniform(new Random(1), 6), 2, 3), device.FromArray([1f, 2f, 3f], 3), device.Allocate(2), device.Allocate(2));
        LayerNormGpu.Forward(2, 3, 1e-5f, x, w, device.FromArray([0f, 0f, 0f], 3), mean, invStd, device.Allocate(2, 3));
        var (dWeight, dBias) = (device.Allocate(3), device.Allocate(3));

        LayerNormGpu.Backward(2, 3, x, w, mean, invStd, device.FromArray([1f, 1f, 1f, 1f, 1f, 1f], 2, 3), null, dWeight, dBias);

        Assert.Equal([2f, 2f, 2f], dBias.ToArray());
    }

    [Fact]
    public void Wrong_sizes_eps_and_devices_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var (x, w, b, m, s) = (device.Allocate(2, 3), device.Allocate(3), device.Allocate(3), device.Allocate(2), device.Allocate(2));

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => LayerNormGpu.Forward(2, 3, 1e-5f, x, w, b, m, s, device.Allocate(2, 4))).Message, StringComparison.Ordinal);
        Assert.Contains("'weight'", Assert.Throws<ArgumentException>(() => LayerNormGpu.Forward(2, 3, 1e-5f, x, device.Allocate(4), b, m, s, x)).Message, StringComparison.Ordinal);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => LayerNormGpu.Forward(2, 3, 0f, x, w, b, m, s, x)).ParamName);
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => LayerNormGpu.Backward(2, 3, x, w, m, s, x, device.Allocate(5), w, b)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LayerNormGpu.Forward(2, 3, 1e-5f, Device.Cpu().Allocate(2, 3), w, b, m, s, x));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(LayerNormAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(LayerNormKernels), kernel);
}
