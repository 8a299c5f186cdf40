using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// ToSequenceGpu on ILGPU's CPU accelerator against ToSequenceCpu (itself checked against hand-laid-out values, the
/// float64 reference and ONNX Runtime through the generated models), exactly since both only move values; their
/// argument checks; and its kernels compile to PTX.
/// </summary>
public class ToSequenceGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(ToSequenceKernels));

    [Theory]
    [InlineData(1, 1, 1, 1, SequenceAxis.Width)]
    [InlineData(2, 3, 4, 5, SequenceAxis.Width)]
    [InlineData(3, 2, 5, 3, SequenceAxis.Pixels)]
    [InlineData(1, 4, 1, 6, SequenceAxis.Pixels)]
    public void Forward_and_backward_equal_the_cpu(int batch, int channels, int height, int width, SequenceAxis axis)
    {
        var random = new Random(batch * 1000 + channels * 100 + height * 10 + width);
        var length = batch * channels * height * width;
        var x = RandomData.Uniform(random, length, -4f, 4f);
        var dy = RandomData.Uniform(random, length);
        var (steps, features) = axis == SequenceAxis.Width ? (width, channels * height) : (height * width, channels);
        var (cpu, gpu) = (Device.Cpu(), fixture.Device);
        var (cpuY, gpuY) = (cpu.Allocate(batch, steps, features), gpu.Allocate(batch, steps, features));
        var (cpuDx, gpuDx) = (cpu.Allocate(batch, channels, height, width), gpu.Allocate(batch, channels, height, width));

        ToSequenceCpu.Forward(batch, channels, height, width, axis, cpu.FromArray(x, batch, channels, height, width), cpuY);
        ToSequenceGpu.Forward(batch, channels, height, width, axis, gpu.FromArray(x, batch, channels, height, width), gpuY);
        ToSequenceCpu.Backward(batch, channels, height, width, axis, cpu.FromArray(dy, batch, steps, features), cpuDx);
        ToSequenceGpu.Backward(batch, channels, height, width, axis, gpu.FromArray(dy, batch, steps, features), gpuDx);

        Assert.Equal(cpuY.ToArray(), gpuY.ToArray());
        Assert.Equal(cpuDx.ToArray(), gpuDx.ToArray());
        // A permutation: every value arrives once, and backward undoes forward.
        Assert.Equal(x.Order(), cpuY.ToArray().Order());
        ToSequenceCpu.Backward(batch, channels, height, width, axis, cpuY, cpuDx);
        Assert.Equal(x, cpuDx.ToArray());
    }

    [Fact]
    public void Wrong_sizes_axes_and_devices_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var x = device.Allocate(2, 3, 4, 5);

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => ToSequenceGpu.Forward(2, 3, 4, 5, SequenceAxis.Width, x, device.Allocate(2, 5, 11))).Message, StringComparison.Ordinal);
        Assert.Contains("'dx'", Assert.Throws<ArgumentException>(() => ToSequenceGpu.Backward(2, 3, 4, 5, SequenceAxis.Pixels, device.Allocate(2, 20, 3), device.Allocate(7))).Message, StringComparison.Ordinal);
        Assert.Equal("axis", Assert.Throws<ArgumentOutOfRangeException>(() => ToSequenceGpu.Forward(2, 3, 4, 5, (SequenceAxis)2, x, device.Allocate(2, 5, 12))).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentException>(() => ToSequenceCpu.Forward(2, 3, 0, 5, SequenceAxis.Width, Device.Cpu().Allocate(0), Device.Cpu().Allocate(0))).ParamName);
        Assert.Throws<ArgumentException>(() => ToSequenceGpu.Forward(2, 3, 4, 5, SequenceAxis.Width, Device.Cpu().Allocate(2, 3, 4, 5), device.Allocate(2, 5, 12)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(ToSequenceAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(ToSequenceKernels), kernel);
}
