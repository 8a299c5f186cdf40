namespace Strata.Cpu;

/// <summary>
/// Weights packed into GEMM panels once and reused until they change: entries are keyed by the tensor's storage and
/// the <see cref="Tensor.Version"/> they were packed at, so a write through an optimiser, a load, <see cref="Tensor.CopyFrom(ReadOnlySpan{float})"/>
/// or <see cref="Tensor.MarkChanged"/> repacks them on the next use. One per <see cref="CpuWorkspace"/> (per model or
/// replica), not shared between threads.
/// </summary>
internal sealed class PackedWeightCache
{
    private Entry[] _entries = [];
    private int _count;

    /// <summary>Repacks counted since creation, for tests.</summary>
    public int Packs { get; private set; }

    /// <summary>
    /// <paramref name="weights"/> ([<paramref name="n"/>, <paramref name="k"/>] row-major) as the k × n operand B = wᵀ,
    /// packed by <see cref="Gemm.PackB"/>; from the cache when the tensor has not changed since.
    /// </summary>
    public float[] TransposedB(Tensor weights, int n, int k)
    {
        var storage = weights.Storage;
        var version = weights.Version;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            if (ReferenceEquals(entry.Storage, storage) && entry.N == n && entry.K == k)
            {
                if (entry.Version != version)
                {
                    Gemm.PackB(n, k, weights.Span, k, transposeB: true, entry.Packed);
                    entry.Version = version;
                    Packs++;
                }

                return entry.Packed;
            }
        }

        if (_count == _entries.Length)
        {
            System.Array.Resize(ref _entries, Math.Max(4, 2 * _count));
        }

        var packed = GC.AllocateUninitializedArray<float>(Gemm.PackedBLength(n, k), pinned: true);
        Gemm.PackB(n, k, weights.Span, k, transposeB: true, packed);
        Packs++;
        _entries[_count++] = new Entry { Storage = storage, Version = version, N = n, K = k, Packed = packed };
        return packed;
    }

    private struct Entry
    {
        public Tensor Storage;
        public long Version;
        public int N;
        public int K;
        public float[] Packed;
    }
}
