using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// LeakyReluGpu on ILGPU's CPU accelerator against LeakyReluCpu (itself checked against a float64 definition and
/// finite differences), at tiny sizes; its argument checks; and its kernels compile to PTX.
/// </summary>
public class LeakyReluGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<float> Slopes => [0f, 0.01f, 0.2f, 3f];

    public static TheoryData<float> BadSlopes => [-0.01f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];

    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(LeakyReluKernels));

    [Theory]
    [MemberData(nameof(Slopes))]
    public void ForwardInPlace_and_BackwardInPlace_equal_the_cpu(float slope)
    {
        // Both signs, values near zero, NaN, infinities and signed zeros; 37 values, not a multiple of 16.
        var random = new Random(21);
        float[] x = [.. RandomData.Uniform(random, 24, -8f, 8f), .. RandomData.Uniform(random, 7, -1e-3f, 1e-3f),
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f];
        var dy = RandomData.Uniform(random, x.Length);
        var cpu = Device.Cpu();
        var (cpuY, cpuDy) = (cpu.FromArray(x, x.Length), cpu.FromArray(dy, dy.Length));
        var gpu = fixture.Device;
        var (gpuY, gpuDy) = (gpu.FromArray(x, x.Length), gpu.FromArray(dy, dy.Length));

        LeakyReluCpu.ForwardInPlace(slope, cpuY);
        LeakyReluGpu.ForwardInPlace(slope, gpuY);
        AssertSameBits(cpuY.ToArray(), gpuY.ToArray(), $"leaky({slope})");

        LeakyReluCpu.BackwardInPlace(slope, cpuY, cpuDy);
        LeakyReluGpu.BackwardInPlace(slope, gpuY, gpuDy);
        AssertSameBits(cpuDy.ToArray(), gpuDy.ToArray(), $"leaky({slope})'");
    }

    [Theory]
    [MemberData(nameof(BadSlopes))]
    public void A_negative_or_non_finite_slope_is_rejected_before_a_launch(float slope)
    {
        var y = fixture.Device.FromArray([-1f, 2f, -3f], 3);
        var dy = fixture.Device.FromArray([1f, 1f, 1f], 3);

        Assert.Equal("negativeSlope", Assert.Throws<ArgumentOutOfRangeException>(() => LeakyReluGpu.ForwardInPlace(slope, y)).ParamName);
        Assert.Equal("negativeSlope", Assert.Throws<ArgumentOutOfRangeException>(() => LeakyReluGpu.BackwardInPlace(slope, y, dy)).ParamName);

        Assert.Equal(new[] { -1f, 2f, -3f }, y.ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f }, dy.ToArray());
    }

    [Fact]
    public void Mismatched_lengths_and_cpu_or_mixed_tensors_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var y = device.Allocate(2, 3);

        var error = Assert.Throws<ArgumentException>(() => LeakyReluGpu.BackwardInPlace(0.01f, y, device.Allocate(5)));
        Assert.Contains("[2, 3] = 6 values", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LeakyReluGpu.ForwardInPlace(0.01f, Device.Cpu().Allocate(3)));
        Assert.Throws<ArgumentException>(() => LeakyReluGpu.BackwardInPlace(0.01f, y, Device.Cpu().Allocate(2, 3)));
        Assert.Throws<ArgumentNullException>(() => LeakyReluGpu.ForwardInPlace(0.01f, null!));
        Assert.Throws<ArgumentNullException>(() => LeakyReluGpu.BackwardInPlace(0.01f, y, null!));
    }

    [Fact]
    public void An_empty_tensor_launches_nothing()
    {
        var (y, dy) = (fixture.Device.Allocate(0, 4), fixture.Device.Allocate(0, 4));

        LeakyReluGpu.ForwardInPlace(0.2f, y);
        LeakyReluGpu.BackwardInPlace(0.2f, y, dy);

        Assert.Empty(dy.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(LeakyReluAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(LeakyReluKernels), kernel);

    // The kernels compute the same single float product or select as the CPU, so the results are bit for bit equal
    // (NaN payloads aside).
    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var same = float.IsNaN(expected[i])
                ? float.IsNaN(actual[i])
                : BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]);
            Assert.True(same, $"{what}[{i}]: the CPU gives {expected[i]:R}, the GPU {actual[i]:R}.");
        }
    }
}
