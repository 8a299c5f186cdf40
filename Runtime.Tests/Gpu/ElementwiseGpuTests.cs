using Strata.Runtime.Tests.Coverage;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>ElementwiseGpu on ILGPU's CPU accelerator against ElementwiseCpu, and its kernels compile to PTX.</summary>
public class ElementwiseGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(ElementwiseKernels));

    [Fact]
    public void AddTo_accumulates_like_the_cpu_across_shapes_of_one_length()
    {
        var random = new Random(21);
        var source = RandomData.Uniform(random, 60);
        var target = RandomData.Uniform(random, 60);
        var cpuTarget = Device.Cpu().FromArray(target, 3, 20);
        var gpuTarget = fixture.Device.FromArray(target, 3, 20);

        ElementwiseCpu.AddTo(Device.Cpu().FromArray(source, 60), cpuTarget);
        ElementwiseGpu.AddTo(fixture.Device.FromArray(source, 3, 4, 5), gpuTarget);

        Assert.Equal(target.Zip(source, (t, s) => t + s), cpuTarget.ToArray());
        Assert.Equal(cpuTarget.ToArray(), gpuTarget.ToArray());
    }

    [Fact]
    public void AddTo_a_tensor_into_itself_doubles_it()
    {
        var values = RandomData.Uniform(new Random(22), 7);
        var tensor = fixture.Device.FromArray(values, 7);

        ElementwiseGpu.AddTo(tensor, tensor);

        Assert.Equal(values.Select(v => 2 * v), tensor.ToArray());
    }

    [Fact]
    public void AddTo_rejects_another_length_or_device()
    {
        var target = fixture.Device.Allocate(2, 3);

        var error = Assert.Throws<ArgumentException>(() => ElementwiseGpu.AddTo(fixture.Device.Allocate(5), target));
        Assert.Contains("'source'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ElementwiseGpu.AddTo(Device.Cpu().Allocate(6), target));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(DropoutAttribute), typeof(AddAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(ElementwiseKernels), kernel);
}
