using Xunit;

namespace Strata.Runtime.Tests.Tensors;

public unsafe class TensorStorageTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(30_000)]
    public void A_cpu_tensor_starts_on_a_cache_line_and_its_span_is_its_data(int length)
    {
        var device = Device.Cpu();
        var tensors = Enumerable.Range(0, 8).Select(_ => device.Allocate(length)).ToArray();
        foreach (var tensor in tensors)
        {
            Assert.Equal(0, (nint)tensor.Pointer % 64);
            tensor.CopyFrom(Enumerable.Range(1, length).Select(i => (float)i).ToArray());
            fixed (float* span = tensor.Span)
            {
                Assert.True(length == 0 || span == tensor.Pointer);
            }

            for (var i = 0; i < length; i += 97)
            {
                Assert.Equal(i + 1, tensor.Pointer[i]);
            }
        }
    }

    [Fact]
    public void A_reshaped_view_shares_the_aligned_data()
    {
        var tensor = Device.Cpu().FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 3, 4);
        var view = tensor.Reshape(4, 3);

        Assert.True(view.Pointer == tensor.Pointer);
        Assert.Equal(11f, view.Span[11]);
    }
}
