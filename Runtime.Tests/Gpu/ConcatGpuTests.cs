using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>ConcatGpu on ILGPU's CPU accelerator against ConcatCpu and a plain loop, and its kernels compile to PTX.</summary>
public class ConcatGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(ConcatGpu));

    [Fact]
    public void Forward_places_each_input_in_its_block_of_every_row_and_backward_takes_it_back()
    {
        var random = new Random(31);
        const int rows = 3;
        var first = RandomData.Uniform(random, rows * 2);
        var second = RandomData.Uniform(random, rows * 5);
        var gradY = RandomData.Uniform(random, rows * 7);
        var expected = Enumerable.Range(0, rows).SelectMany(r => first.Skip(r * 2).Take(2).Concat(second.Skip(r * 5).Take(5))).ToArray();

        foreach (var device in new[] { Device.Cpu(), fixture.Device })
        {
            var y = device.Allocate(rows, 7);
            var gradSecond = device.Allocate(rows, 5);
            if (device.IsGpu)
            {
                ConcatGpu.Forward(rows, width: 2, offset: 0, outputWidth: 7, device.FromArray(first, rows, 2), y);
                ConcatGpu.Forward(rows, width: 5, offset: 2, outputWidth: 7, device.FromArray(second, rows, 5), y);
                ConcatGpu.Backward(rows, width: 5, offset: 2, outputWidth: 7, device.FromArray(gradY, rows, 7), gradSecond);
            }
            else
            {
                ConcatCpu.Forward(rows, width: 2, offset: 0, outputWidth: 7, device.FromArray(first, rows, 2), y);
                ConcatCpu.Forward(rows, width: 5, offset: 2, outputWidth: 7, device.FromArray(second, rows, 5), y);
                ConcatCpu.Backward(rows, width: 5, offset: 2, outputWidth: 7, device.FromArray(gradY, rows, 7), gradSecond);
            }

            Assert.Equal(expected, y.ToArray());
            Assert.Equal(Enumerable.Range(0, rows).SelectMany(r => gradY.Skip(r * 7 + 2).Take(5)), gradSecond.ToArray());
        }
    }

    [Fact]
    public void A_block_outside_the_row_or_a_tensor_of_another_length_is_rejected()
    {
        var cpu = Device.Cpu();
        Assert.Throws<ArgumentOutOfRangeException>(() => ConcatCpu.Forward(2, width: 3, offset: 5, outputWidth: 7, cpu.Allocate(2, 3), cpu.Allocate(2, 7)));
        Assert.Throws<ArgumentException>(() => ConcatCpu.Forward(2, width: 3, offset: 0, outputWidth: 7, cpu.Allocate(2, 4), cpu.Allocate(2, 7)));
        Assert.Throws<ArgumentException>(() => ConcatGpu.Forward(2, width: 3, offset: 0, outputWidth: 7, fixture.Device.Allocate(2, 3), fixture.Device.Allocate(3, 7)));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(ConcatAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(ConcatGpu), kernel);
}
