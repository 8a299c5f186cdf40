using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Device temporaries kept between calls: per call site, named by a tensor that site owns (a layer's output or saved
/// state), a few numbered float buffers that grow to the largest length asked for and are then reused, so a training
/// step allocates no device memory once the shapes have been seen. A view is valid until the next call for the same
/// site and slot; the contents are not cleared.
/// </summary>
internal sealed class ScratchBuffers
{
    private static readonly ConditionalWeakTable<Tensor, ScratchBuffers> Sites = new();

    private MemoryBuffer1D<float, Stride1D.Dense>?[] _slots = [];

    /// <summary>The scratch buffers of the call site named by <paramref name="site"/> (and its views: the storage is the key).</summary>
    public static ScratchBuffers For(Tensor site) => Sites.GetValue(site.Storage, static _ => new ScratchBuffers());

    /// <summary>A view of <paramref name="length"/> floats in slot <paramref name="slot"/>, allocated or grown on first need.</summary>
    public ArrayView<float> Get(Accelerator accelerator, int slot, int length)
    {
        if (slot >= _slots.Length)
        {
            Array.Resize(ref _slots, slot + 1);
        }

        var buffer = _slots[slot];
        if (buffer is null || buffer.Length < Math.Max(length, 1))
        {
            buffer?.Dispose();
            buffer = accelerator.Allocate1D<float>(Math.Max(length, 1));
            _slots[slot] = buffer;
        }

        return buffer.View.SubView(0, length);
    }
}
