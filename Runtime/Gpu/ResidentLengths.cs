using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Sequence lengths kept on the device between calls: one small buffer per call site, named by a tensor that site
/// owns (a layer's output or saved state), uploaded again only when the lengths differ from the ones it holds. A
/// training loop whose batches keep their lengths (or pass none) uploads them once; a loop whose lengths change
/// uploads them once per batch, as part of the batch.
/// </summary>
internal sealed class ResidentLengths
{
    private static readonly ConditionalWeakTable<Tensor, ResidentLengths> Sites = new();

    private MemoryBuffer1D<int, Stride1D.Dense>? _buffer;
    private int[] _held = [];

    /// <summary>
    /// A device view of <paramref name="lengths"/>, or of <paramref name="count"/> copies of <paramref name="fill"/>
    /// when it is null, for the call site named by <paramref name="site"/> (and its views: the storage is the key).
    /// The view is valid until the next call for the same site.
    /// </summary>
    public static ArrayView<int> For(Tensor site, int[]? lengths, int count, int fill)
    {
        var resident = Sites.GetValue(site.Storage, static _ => new ResidentLengths());
        return resident.View(site.Device, lengths, count, fill);
    }

    /// <summary>
    /// A device view of <paramref name="lengths"/>, or of <paramref name="count"/> copies of <paramref name="fill"/>
    /// when it is null, uploaded only when it differs from what this instance holds; valid until its next call.
    /// </summary>
    internal ArrayView<int> View(Device device, int[]? lengths, int count, int fill)
    {
        var length = lengths?.Length ?? count;
        if (_buffer is null || _buffer.Length < Math.Max(length, 1) || _held.Length != length || !Holds(lengths, fill))
        {
            if (_buffer is null || _buffer.Length < Math.Max(length, 1))
            {
                _buffer?.Dispose();
                _buffer = device.Accelerator.Allocate1D<int>(Math.Max(length, 1));
            }

            if (_held.Length != length)
            {
                _held = new int[length];
            }

            if (lengths is null)
            {
                _held.AsSpan().Fill(fill);
            }
            else
            {
                lengths.CopyTo(_held, 0);
            }

            HostTransfer.Upload(device, (ReadOnlySpan<int>)_held, _buffer.View);
        }

        return _buffer.View.SubView(0, Math.Max(length, 1));
    }

    private bool Holds(int[]? lengths, int fill)
    {
        if (lengths is null)
        {
            foreach (var value in _held)
            {
                if (value != fill)
                {
                    return false;
                }
            }

            return true;
        }

        return lengths.AsSpan().SequenceEqual(_held);
    }
}
