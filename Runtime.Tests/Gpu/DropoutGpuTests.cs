using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// DropoutGpu on ILGPU's CPU accelerator against DropoutCpu: the same seed drops the same elements, and backward
/// multiplies by the same mask. Its kernel (ElementwiseKernels.Multiply) is compiled to PTX by ElementwiseGpuTests.
/// </summary>
public class DropoutGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Forward_and_backward_equal_the_cpu_for_the_same_seed(bool training)
    {
        var random = new Random(61);
        var x = RandomData.Uniform(random, 120);
        var dy = RandomData.Uniform(random, 120);
        var cpu = Device.Cpu();
        var (cpuMask, cpuY, cpuDx) = (cpu.Allocate(4, 30), cpu.Allocate(4, 30), cpu.Allocate(4, 30));
        var gpu = fixture.Device;
        var (gpuMask, gpuY, gpuDx) = (gpu.Allocate(4, 30), gpu.Allocate(4, 30), gpu.Allocate(4, 30));

        DropoutCpu.Forward(cpuMask, cpu.FromArray(x, 4, 30), cpuY, 0.4f, new Philox(62), training);
        DropoutCpu.Backward(cpuMask, cpu.FromArray(dy, 4, 30), cpuDx);
        DropoutGpu.Forward(gpuMask, gpu.FromArray(x, 4, 30), gpuY, 0.4f, new Philox(62), training);
        DropoutGpu.Backward(gpuMask, gpu.FromArray(dy, 4, 30), gpuDx);

        Assert.Equal(cpuMask.ToArray(), gpuMask.ToArray());
        Assert.Equal(cpuY.ToArray(), gpuY.ToArray());
        Assert.Equal(cpuDx.ToArray(), gpuDx.ToArray());
        Assert.Equal(training, cpuY.ToArray().Contains(0f));
    }

    [Fact]
    public void In_place_with_a_caller_owned_host_mask_draws_a_new_mask_each_call()
    {
        var device = fixture.Device;
        var hostMask = new float[50];
        var mask = device.Allocate(50);
        var values = RandomData.Uniform(new Random(63), 50, 1f, 2f);
        var tensor = device.FromArray(values, 50);
        var random = new Philox(64);

        DropoutGpu.Forward(mask, hostMask, tensor, tensor, 0.5f, random, training: true);
        var first = mask.ToArray();
        DropoutGpu.Forward(mask, hostMask, tensor, tensor, 0.5f, random, training: true);

        Assert.Equal(hostMask, mask.ToArray());
        Assert.NotEqual(first, mask.ToArray());
        var expected = values.Select((v, i) => v * first[i] * hostMask[i]).ToArray();
        Assert.Equal(expected, tensor.ToArray());
    }

    [Fact]
    public void Wrong_lengths_and_probabilities_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var mask = device.Allocate(6);

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => DropoutGpu.Forward(mask, device.Allocate(6), device.Allocate(5), 0.5f, new Philox(1), true)).Message, StringComparison.Ordinal);
        Assert.Contains("'hostMask'", Assert.Throws<ArgumentException>(() => DropoutGpu.Forward(mask, new float[5], device.Allocate(6), device.Allocate(6), 0.5f, new Philox(1), true)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutGpu.Forward(mask, device.Allocate(6), device.Allocate(6), 1f, new Philox(1), true));
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => DropoutGpu.Backward(mask, device.Allocate(6), device.Allocate(7))).Message, StringComparison.Ordinal);
    }
}
