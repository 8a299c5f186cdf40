using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>ElementwiseCpu.AddTo: the sum of gradients of a tensor read by several ops.</summary>
public class ElementwiseCpuTests
{
    [Fact]
    public void AddTo_adds_every_element_through_the_vector_body_and_the_tail()
    {
        var random = new Random(31);
        var source = RandomData.Uniform(random, 37);
        var target = RandomData.Uniform(random, 37);
        var tensor = Device.Cpu().FromArray(target, 37);

        ElementwiseCpu.AddTo(Device.Cpu().FromArray(source, 37), tensor);

        Assert.Equal(target.Zip(source, (t, s) => t + s), tensor.ToArray());
    }

    [Fact]
    public void AddTo_rejects_another_length()
    {
        var error = Assert.Throws<ArgumentException>(() => ElementwiseCpu.AddTo(Device.Cpu().Allocate(4), Device.Cpu().Allocate(2, 3)));

        Assert.Contains("'source'", error.Message, StringComparison.Ordinal);
    }
}
