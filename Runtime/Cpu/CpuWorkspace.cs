using System.Runtime.CompilerServices;

namespace Strata.Cpu;

/// <summary>
/// Scratch memory for CPU kernels (im2col columns, packed panels). One per model; it grows to the largest request
/// and is then reused, so a training step allocates nothing after warm-up.
/// </summary>
/// <remarks>
/// A kernel takes its buffers on the calling thread before it fans out, and the buffers stay valid until the next
/// request for the same slot. Calls that share a workspace must therefore not run concurrently.
/// </remarks>
public sealed class CpuWorkspace
{
    private readonly float[][] _buffers = new float[Enum.GetValues<WorkspaceSlot>().Length][];
    private CpuWorkspace[] _workers = [];

    /// <summary>Weights packed for the GEMM once per change (dense layers), keyed by tensor and version.</summary>
    internal PackedWeightCache PackedWeights { get; } = new();

    /// <summary>The number of floats held across all slots.</summary>
    public long CapacityInFloats
    {
        get
        {
            long total = 0;
            foreach (var buffer in _buffers)
            {
                total += buffer?.Length ?? 0;
            }

            foreach (var worker in _workers)
            {
                total += worker.CapacityInFloats;
            }

            return total;
        }
    }

    /// <summary>
    /// A buffer of at least <paramref name="length"/> floats for <paramref name="slot"/>. Its contents are whatever the
    /// last user left there.
    /// </summary>
    public float[] Get(WorkspaceSlot slot, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ref var buffer = ref _buffers[(int)slot];
        if (buffer is null || buffer.Length < length)
        {
            // Pinned, so kernels may hold raw pointers into it without a fixed block.
            buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
        }

        return buffer;
    }

    /// <summary>
    /// The start of at least <paramref name="length"/> floats of <paramref name="slot"/>'s buffer, on a cache line
    /// (<see cref="CacheLines"/>). The buffer is pinned: the pointer holds until the next request for the same slot. Its
    /// contents are whatever the last user left there (from this start; <see cref="Get"/> hands out the same buffer from
    /// its first element).
    /// </summary>
    public unsafe float* Pointer(WorkspaceSlot slot, int length)
    {
        var buffer = Get(slot, checked(length + CacheLines.Floats - 1));
        return (float*)Unsafe.AsPointer(ref buffer[CacheLines.Start(buffer)]);
    }

    /// <summary><see cref="Pointer"/>'s <paramref name="length"/> floats as a span.</summary>
    public unsafe Span<float> Span(WorkspaceSlot slot, int length) => new(Pointer(slot, length), length);

    /// <summary>
    /// <paramref name="count"/> child workspaces, one per worker of a kernel that fans out over samples, so each
    /// worker runs its own GEMMs and im2col without sharing buffers. Take them before fanning out; the array may be
    /// longer than asked.
    /// </summary>
    internal CpuWorkspace[] Workers(int count)
    {
        if (_workers.Length < count)
        {
            var grown = new CpuWorkspace[count];
            _workers.CopyTo(grown, 0);
            for (var i = _workers.Length; i < count; i++)
            {
                grown[i] = new CpuWorkspace();
            }

            _workers = grown;
        }

        return _workers;
    }
}
