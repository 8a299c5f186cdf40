using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// A convolution with a residual fused into its epilogue (what a ResNet's Add becomes in evaluation) equals the same
/// convolution without one, then the residual added, then the activation: on the CPU for the batch-wide GEMM, the
/// transposed product that few positions take, and groups; and on the GPU kernels (ILGPU's CPU accelerator) against
/// the CPU. Tolerance 1e-5 relative: the same sums, added in another order.
/// </summary>
public class ConvResidualTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    // [batch, in channels, height, width, out channels, kernel, stride, pad, groups]
    public static TheoryData<int[], bool> Cases() => new()
    {
        { [2, 3, 8, 7, 4, 3, 1, 1, 1], true },     // the batch-wide GEMM, with bias
        { [2, 3, 6, 19, 5, 3, 1, 1, 1], true },    // a 27-value window on rows of 19: direct (DirectConv)
        { [3, 4, 6, 6, 6, 1, 1, 0, 1], false },    // pointwise, no bias
        { [1, 16, 4, 4, 64, 3, 2, 1, 1], true },   // 4 positions and 64 channels: positions as GEMM rows
        { [1, 32, 2, 2, 44, 3, 1, 1, 1], true },   // the same on a 2×2 plane: stored 8 channels at a time, then 4 one by one
        { [2, 4, 5, 5, 6, 3, 1, 1, 2], true },     // two groups: each group's channels find their residual
        { [17, 8, 10, 10, 8, 3, 1, 1, 8], false }, // depthwise, a batch whose positions span several panels
        { [8, 16, 2, 2, 24, 3, 1, 1, 1], true },   // a 2×2 plane skipping its padding taps (TapMajorColumns)
        { [9, 16, 1, 1, 20, 3, 1, 1, 1], true },   // a 1×1 plane as one dense product (SmallPlaneConv): bias read in place
        { [8, 12, 2, 2, 40, 3, 1, 1, 1], false },  // a 2×2 plane without bias
        { [12, 8, 4, 4, 20, 3, 1, 1, 1], true },   // a padded 4×4 plane skipping its padding taps (TapMajorColumns): scattered stores
        { [16, 8, 4, 4, 24, 3, 1, 1, 1], false },  // the same at batch 16: eight positions a store, each sample's gathered into one vector
        { [3, 64, 8, 8, 40, 3, 1, 1, 1], true },   // channels last (AVX-512): each stored row of eight positions finds its residual
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fused_residual_equals_convolution_then_add_then_activation_on_the_cpu_and_the_gpu(int[] sizes, bool bias)
    {
        var (n, c, h, w, oc, k, stride, pad, groups) = (sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5], sizes[6], sizes[7], sizes[8]);
        var g = new ConvGeometry(n, c, h, w, oc, k, k, stride, pad, (h + 2 * pad - k) / stride + 1, (w + 2 * pad - k) / stride + 1, Groups: groups);
        var random = new Random(sizes.Aggregate(23, (hash, size) => hash * 31 + size));
        var x = RandomData.Uniform(random, n * c * h * w, -1f, 1f);
        var weight = RandomData.Uniform(random, oc * (c / groups) * k * k, -0.5f, 0.5f);
        var b = bias ? RandomData.Uniform(random, oc) : null;
        var outputs = n * oc * g.OutHeight * g.OutWidth;
        var residual = RandomData.Uniform(random, outputs, -1f, 1f);
        var cpu = Device.Cpu();
        var workspace = new CpuWorkspace();

        var plain = cpu.Allocate(outputs);
        Conv2dCpu.Forward<IdentityActivation>(g, cpu.FromArray(x, x.Length), cpu.FromArray(weight, weight.Length), b is null ? null : cpu.FromArray(b, b.Length), plain, workspace);
        var expected = plain.ToArray().Zip(residual, (v, r) => Math.Max(0.0, (double)v + r)).ToArray();

        var fused = cpu.Allocate(outputs);
        Conv2dCpu.Forward<ReluActivation>(g, cpu.FromArray(x, x.Length), cpu.FromArray(weight, weight.Length), b is null ? null : cpu.FromArray(b, b.Length), fused, workspace, residual: cpu.FromArray(residual, residual.Length));
        Closeness.AssertClose(expected, fused.ToArray(), 1e-5, what: $"{g} on the CPU");

        var device = fixture.Device;
        var onGpu = device.Allocate(outputs);
        Conv2dGpu.Forward(g, DenseActivation.Relu, device.FromArray(x, x.Length), device.FromArray(weight, weight.Length), b is null ? null : device.FromArray(b, b.Length), onGpu, device.FromArray(residual, residual.Length));
        Closeness.AssertClose(expected, onGpu.ToArray(), 1e-5, what: $"{g} on {device}");
    }

    [Fact]
    public void A_residual_of_another_shape_or_the_output_itself_is_an_argument_exception()
    {
        var cpu = Device.Cpu();
        var g = new ConvGeometry(1, 1, 3, 3, 1, 1, 1, 1, 0, 3, 3);
        var (x, w, y) = (cpu.Allocate(9), cpu.Allocate(1), cpu.Allocate(9));
        Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<IdentityActivation>(g, x, w, null, y, new CpuWorkspace(), residual: cpu.Allocate(8)));
        Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<IdentityActivation>(g, x, w, null, y, new CpuWorkspace(), residual: y));
    }
}
