using Strata.Runtime.Tests.Coverage;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>ActivationGpu on ILGPU's CPU accelerator against ActivationCpu, and its kernels compile to PTX.</summary>
public class ActivationGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<DenseActivation> Activations => CpuActivations.All;

    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(ActivationKernels));

    [Theory]
    [MemberData(nameof(Activations))]
    public void ForwardInPlace_and_BackwardInPlace_match_the_cpu(DenseActivation activation)
    {
        // Both sides of every kink, the saturated tails and the tanh series region near zero; ends on a scalar tail.
        var random = new Random(11);
        float[] x = [.. RandomData.Uniform(random, 250, -8f, 8f), .. RandomData.Uniform(random, 37, -0.1f, 0.1f), 0f, 6f, -0f];
        var dy = RandomData.Uniform(random, x.Length);
        var cpu = Device.Cpu();
        var (cpuY, cpuDy) = (cpu.FromArray(x, x.Length), cpu.FromArray(dy, dy.Length));
        var gpu = fixture.Device;
        var (gpuY, gpuDy) = (gpu.FromArray(x, x.Length), gpu.FromArray(dy, dy.Length));

        CpuActivations.Invoke(typeof(ActivationCpu), nameof(ActivationCpu.ForwardInPlace), activation, cpuY);
        ActivationGpu.ForwardInPlace(activation, gpuY);
        Closeness.AssertClose(cpuY.ToArray().ToDouble(), gpuY.ToArray(), 1e-5, floor: 1e-30, what: $"{activation}");

        // Backward from the same outputs on both devices: near saturation 1 − y² would magnify a last-bit difference in y.
        gpuY.CopyFrom(cpuY);
        CpuActivations.Invoke(typeof(ActivationCpu), nameof(ActivationCpu.BackwardInPlace), activation, cpuY, cpuDy);
        ActivationGpu.BackwardInPlace(activation, gpuY, gpuDy);
        Closeness.AssertClose(cpuDy.ToArray().ToDouble(), gpuDy.ToArray(), 1e-5, floor: 1e-30, what: $"{activation}'");
    }

    [Fact]
    public void An_unknown_activation_or_a_cpu_tensor_is_rejected_before_a_launch()
    {
        var y = fixture.Device.Allocate(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationGpu.ForwardInPlace((DenseActivation)99, y));
        Assert.Throws<ArgumentException>(() => ActivationGpu.ForwardInPlace(DenseActivation.Relu, Device.Cpu().Allocate(3)));
        Assert.Throws<ArgumentException>(() => ActivationGpu.BackwardInPlace(DenseActivation.Relu, y, fixture.Device.Allocate(4)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(ActivationKernels), kernel);
}
