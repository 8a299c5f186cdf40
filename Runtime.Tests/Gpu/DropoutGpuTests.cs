using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// DropoutGpu on ILGPU's CPU accelerator against DropoutCpu: the same seed drops the same elements, and backward
/// multiplies by the same mask, with the mask drawn on the device from the generator's stream. The backward kernel
/// (ElementwiseKernels.Multiply) is compiled to PTX by ElementwiseGpuTests.
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

    [Theory]
    [InlineData(0, 37)]
    [InlineData(1, 8)]
    [InlineData(3, 1)]
    [InlineData(4, 13)]
    [InlineData(6, 50)]
    public void Masks_drawn_on_the_device_equal_the_cpu_from_any_stream_position(int skipped, int length)
    {
        // The generator starts mid-block (skipped words drawn before), lengths are not multiples of four, and two masks
        // are drawn in a row, in place: each must equal FillMask's, and the generators must end in the same state.
        var cpuRandom = new Philox(64);
        var gpuRandom = new Philox(64);
        for (var i = 0; i < skipped; i++)
        {
            cpuRandom.NextUInt32();
            gpuRandom.NextUInt32();
        }

        var device = fixture.Device;
        var mask = device.Allocate(length);
        var values = RandomData.Uniform(new Random(63), length, 1f, 2f);
        var tensor = device.FromArray(values, length);
        var (first, second) = (new float[length], new float[length]);

        DropoutCpu.FillMask(first, 0.5f, cpuRandom, training: true);
        DropoutGpu.Forward(mask, tensor, tensor, 0.5f, gpuRandom, training: true);
        Assert.Equal(first, mask.ToArray());
        DropoutCpu.FillMask(second, 0.5f, cpuRandom, training: true);
        DropoutGpu.Forward(mask, tensor, tensor, 0.5f, gpuRandom, training: true);
        Assert.Equal(second, mask.ToArray());

        Assert.Equal(cpuRandom.GetState(), gpuRandom.GetState());
        Assert.Equal(values.Select((v, i) => v * first[i] * second[i]).ToArray(), tensor.ToArray());
    }

    [Theory]
    [InlineData(0, 37)]
    [InlineData(3, 13)]
    public void A_mask_alone_drawn_on_the_device_equals_the_cpus_and_is_one_in_evaluation(int skipped, int length)
    {
        var cpuRandom = new Philox(65);
        var gpuRandom = new Philox(65);
        cpuRandom.Skip(skipped);
        gpuRandom.Skip(skipped);
        var mask = fixture.Device.Allocate(length);
        var expected = new float[length];

        DropoutCpu.FillMask(expected, 0.25f, cpuRandom, training: true);
        DropoutGpu.FillMask(mask, 0.25f, gpuRandom, training: true);

        Assert.Equal(expected, mask.ToArray());
        Assert.Equal(cpuRandom.GetState(), gpuRandom.GetState());
        DropoutGpu.FillMask(mask, 0.25f, gpuRandom, training: false);
        Assert.All(mask.ToArray(), m => Assert.Equal(1f, m));
        Assert.Equal(cpuRandom.GetState(), gpuRandom.GetState());
    }

    [Fact]
    public void The_mask_kernels_compile_to_ptx()
    {
        foreach (var name in new[] { nameof(DropoutKernels.FillAndApply), nameof(DropoutKernels.Fill), nameof(DropoutKernels.Identity) })
        {
            PtxCompiler.AssertCompiles(typeof(DropoutKernels), name);
        }
    }

    [Fact]
    public void Wrong_lengths_and_probabilities_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var mask = device.Allocate(6);

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => DropoutGpu.Forward(mask, device.Allocate(6), device.Allocate(5), 0.5f, new Philox(1), true)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutGpu.Forward(mask, device.Allocate(6), device.Allocate(6), 1f, new Philox(1), true));
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => DropoutGpu.Backward(mask, device.Allocate(6), device.Allocate(7))).Message, StringComparison.Ordinal);
    }
}
