namespace Strata.Runtime.Tests.Tensors;

/// <summary>
/// A tensor the user allocates is theirs: Dispose frees it, and using it afterwards, or any view of it, is an
/// <see cref="ObjectDisposedException"/> on every device, never a crash.
/// </summary>
public class TensorDisposalTests
{
    public static TheoryData<string> Uses => ["ToArray", "Span", "View", "CopyFromSpan", "CopyFromTensor", "CopyIntoTensor", "Clear", "Reshape"];

    [Theory]
    [MemberData(nameof(Uses))]
    public void Using_a_disposed_tensor_on_the_cpu_is_an_object_disposed_error(string use) => AssertDisposedUse(Device.Cpu(), use, view: false);

    [Theory]
    [MemberData(nameof(Uses))]
    public void Using_a_disposed_tensor_on_ilgpu_is_an_object_disposed_error(string use)
    {
        using var device = Device.IlgpuCpu();
        AssertDisposedUse(device, use, view: false);
    }

    [Theory]
    [MemberData(nameof(Uses))]
    public void Using_a_view_of_a_disposed_tensor_is_an_object_disposed_error(string use)
    {
        using var device = Device.IlgpuCpu();
        AssertDisposedUse(device, use, view: true);
    }

    [Fact]
    public void Disposing_twice_is_harmless_and_a_views_dispose_leaves_its_source_alone()
    {
        using var device = Device.IlgpuCpu();
        var tensor = device.FromArray([1, 2, 3, 4], 2, 2);

        tensor.Reshape(4).Dispose();

        Assert.Equal([1f, 2, 3, 4], tensor.ToArray());
        tensor.Dispose();
        tensor.Dispose();
    }

    private static void AssertDisposedUse(Device device, string use, bool view)
    {
        var tensor = device.FromArray([1, 2, 3, 4], 2, 2);
        var used = view ? tensor.Reshape(4) : tensor;
        using var other = device.Allocate(4);
        tensor.Dispose();

        Action action = use switch
        {
            "ToArray" => () => used.ToArray(),
            "Span" => () => _ = device.IsGpu ? used.View.Length : used.Span.Length,
            "View" => () => _ = device.IsGpu ? used.View.Length : used.Span.Length,
            "CopyFromSpan" => () => used.CopyFrom([5f, 6, 7, 8]),
            "CopyFromTensor" => () => used.CopyFrom(other),
            "CopyIntoTensor" => () => other.CopyFrom(used),
            "Clear" => used.Clear,
            "Reshape" => () => used.Reshape(1, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(use)),
        };

        var error = Assert.Throws<ObjectDisposedException>(action);
        Assert.Contains("disposed", error.Message);
    }
}
