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
    /// <remarks>With <paramref name="offset"/>, the weight rows start there (a grouped convolution's group).</remarks>
    public float[] TransposedB(Tensor weights, int n, int k, int offset = 0) =>
        Find(weights, Kind.TransposedB, offset, n, k, Gemm.PackedBLength(n, k));

    /// <summary>
    /// The <paramref name="m"/> × <paramref name="depth"/> operand A read from <paramref name="weights"/> at
    /// <paramref name="offset"/>, packed into row blocks of <see cref="ConvGemm.BlockRows"/> (<see cref="GemmPacking.PackA"/>):
    /// row-major with row stride <paramref name="depth"/>, or when <paramref name="transposed"/> its transpose (A(i, k)
    /// at offset + k·m + i), as a convolution's input-gradient product reads Wᵀ. A grouped convolution keeps one entry
    /// per group (per offset).
    /// </summary>
    public float[] PackedA(Tensor weights, int offset, int m, int depth, bool transposed) =>
        Find(weights, transposed ? Kind.TransposedA : Kind.A, offset, m, depth,
            checked((int)GemmPacking.PackedALength(m, depth, ConvGemm.BlockRows)));

    private float[] Find(Tensor weights, Kind kind, int offset, int n, int k, int length)
    {
        var storage = weights.Storage;
        var version = weights.Version;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            if (ReferenceEquals(entry.Storage, storage) && entry.Kind == kind && entry.Offset == offset && entry.N == n && entry.K == k)
            {
                if (entry.Version != version)
                {
                    Pack(weights, kind, offset, n, k, entry.Packed);
                    entry.Version = version;
                }

                return entry.Packed;
            }
        }

        if (_count == _entries.Length)
        {
            System.Array.Resize(ref _entries, Math.Max(4, 2 * _count));
        }

        var packed = GC.AllocateUninitializedArray<float>(length, pinned: true);
        Pack(weights, kind, offset, n, k, packed);
        _entries[_count++] = new Entry { Storage = storage, Kind = kind, Offset = offset, Version = version, N = n, K = k, Packed = packed };
        return packed;
    }

    private unsafe void Pack(Tensor weights, Kind kind, int offset, int n, int k, float[] packed)
    {
        Packs++;

        // The operand (n × k, or k × n) spans n·k floats from offset.
        if ((long)offset + (long)n * k > weights.Length)
        {
            throw new ArgumentException($"A {n} × {k} operand at {offset} does not fit in a weight of {weights.Length} values.");
        }

        if (kind == Kind.TransposedB)
        {
            Gemm.PackB(n, k, weights.Span[offset..], k, transposeB: true, packed);
            return;
        }

        var blockRows = ConvGemm.BlockRows;
        var transposed = kind == Kind.TransposedA;
        fixed (float* source = weights.Span, target = packed)
        {
            for (var block = 0; block < GemmPacking.BlockCount(n, blockRows); block++)
            {
                GemmPacking.PackA(source + offset, transposed ? n : k, transposed, n, k, blockRows, block, target);
            }
        }
    }

    private enum Kind
    {
        TransposedB,
        A,
        TransposedA,
    }

    private struct Entry
    {
        public Tensor Storage;
        public Kind Kind;
        public int Offset;
        public long Version;
        public int N;
        public int K;
        public float[] Packed;
    }
}
