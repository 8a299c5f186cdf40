using System.Runtime.Intrinsics.X86;

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
    /// A recurrent layer's W_hh ([<paramref name="gates"/>·<paramref name="hidden"/>, <paramref name="hidden"/>]) as
    /// B = W_hhᵀ for the recurrent time loop: per block of <see cref="Gemm.PanelWidth"/> hidden units, the G gates'
    /// panels side by side (zero-padded past the last unit), so one block's weights are one contiguous slab.
    /// </summary>
    public ReadOnlySpan<float> RecurrentB(Tensor weightHh, int gates, int hidden) =>
        Find(weightHh, Kind.RecurrentB, 0, gates, hidden,
            checked(GemmPacking.BlockCount(hidden, Gemm.PanelWidth) * gates * Gemm.PanelWidth * hidden));

    /// <summary>
    /// <paramref name="weights"/> ([<paramref name="n"/>, <paramref name="k"/>] row-major) as the k × n operand B = wᵀ,
    /// packed by <see cref="Gemm.PackB"/>; from the cache when the tensor has not changed since.
    /// </summary>
    /// <remarks>With <paramref name="offset"/>, the weight rows start there (a grouped convolution's group).</remarks>
    public ReadOnlySpan<float> TransposedB(Tensor weights, int n, int k, int offset = 0) =>
        Find(weights, Kind.TransposedB, offset, n, k, Gemm.PackedBLength(n, k));

    /// <summary>
    /// The <paramref name="m"/> × <paramref name="depth"/> operand A read from <paramref name="weights"/> at
    /// <paramref name="offset"/>, packed into row blocks of <see cref="ConvGemm.BlockRows"/> (<see cref="GemmPacking.PackA"/>):
    /// row-major with row stride <paramref name="depth"/>, or when <paramref name="transposed"/> its transpose (A(i, k)
    /// at offset + k·m + i), as a convolution's input-gradient product reads Wᵀ. A grouped convolution keeps one entry
    /// per group (per offset).
    /// </summary>
    public ReadOnlySpan<float> PackedA(Tensor weights, int offset, int m, int depth, bool transposed) =>
        Find(weights, transposed ? Kind.TransposedA : Kind.A, offset, m, depth,
            checked((int)GemmPacking.PackedALength(m, depth, ConvGemm.BlockRows)));

    /// <summary>
    /// The weight of a square <paramref name="kernel"/>-tap convolution group at <paramref name="offset"/>
    /// ([<paramref name="outChannels"/>, <paramref name="inChannels"/>, kernel, kernel]) as the A operand of the
    /// stride-1 input gradient run as a convolution of dY: A(c, (oc, kh, kw)) = w[oc, c, kernel − 1 − kh, kernel − 1 − kw],
    /// <paramref name="inChannels"/> rows of depth outChannels·kernel², packed like <see cref="PackedA"/>.
    /// </summary>
    public ReadOnlySpan<float> FlippedA(Tensor weights, int offset, int inChannels, int outChannels, int kernel) =>
        Find(weights, Kind.FlippedA, offset, inChannels, outChannels * kernel * kernel,
            checked((int)GemmPacking.PackedALength(inChannels, outChannels * kernel * kernel, ConvGemm.BlockRows)), kernel);

    /// <summary>
    /// A one-group convolution's weight [OC, C, <paramref name="taps"/>] as the A operand of <see cref="TapMajorColumns"/>:
    /// <paramref name="m"/> rows of depth <paramref name="channels"/>·taps, depth k being tap k / channels of channel
    /// k % channels, packed like <see cref="PackedA"/>. Rows are the output channels (m = OC, channels = C), or, when
    /// <paramref name="flipped"/>, the input channels of the input gradient run as a convolution (m = C, channels = OC,
    /// the taps reversed, as <see cref="FlippedA"/>).
    /// </summary>
    public ReadOnlySpan<float> TapMajorA(Tensor weights, int m, int channels, int taps, bool flipped) =>
        Find(weights, flipped ? Kind.FlippedTapMajorA : Kind.TapMajorA, 0, m, channels * taps,
            checked((int)GemmPacking.PackedALength(m, channels * taps, ConvGemm.BlockRows)), taps);

    /// <summary>
    /// A one-group convolution's weight [OC, C, <paramref name="taps"/>] as the B operand of <see cref="ChannelsLastConv"/>:
    /// depth k = tap·<paramref name="channels"/> + c, <paramref name="columns"/> columns in panels of
    /// <see cref="Gemm.PanelWidth"/> (zero past the last). The columns are the output channels, B(k, oc) = w[oc, c, tap]
    /// (columns = OC, channels = C), or, when <paramref name="flipped"/>, the input channels of the input gradient run
    /// as a convolution, B(k, c) = w[oc, c, taps − 1 − tap] (columns = C, channels = OC).
    /// </summary>
    public ReadOnlySpan<float> TapMajorB(Tensor weights, int columns, int channels, int taps, bool flipped) =>
        Find(weights, flipped ? Kind.FlippedTapMajorB : Kind.TapMajorB, 0, columns, channels * taps, Gemm.PackedBLength(columns, channels * taps), taps);

    /// <summary>
    /// <see cref="SmallPlaneConv"/>'s expanded weight W′ of a convolution <paramref name="g"/> with weight
    /// <paramref name="weights"/>, as <paramref name="operand"/> asks; both forms are kept per geometry and version.
    /// </summary>
    public ReadOnlySpan<float> PlaneWeights(Tensor weights, in ConvGeometry g, PlaneOperand operand)
    {
        var plane = g with { Batch = 0 };
        var rows = g.OutChannels * g.OutHeight * g.OutWidth;
        var columns = g.InChannels * g.InHeight * g.InWidth;
        var expanded = Find(weights, Kind.PlaneExpanded, 0, rows, columns, rows * columns, plane: plane);
        return operand == PlaneOperand.Expanded
            ? expanded
            : Find(weights, Kind.PlaneForwardB, 0, rows, columns, Gemm.PackedBLength(rows, columns), plane: plane, source: expanded);
    }

    private Span<float> Find(Tensor weights, Kind kind, int offset, int n, int k, int length, int kernel = 0, ConvGeometry plane = default, ReadOnlySpan<float> source = default)
    {
        var storage = weights.Storage;
        var version = weights.Version;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            if (ReferenceEquals(entry.Storage, storage) && entry.Kind == kind && entry.Offset == offset && entry.N == n && entry.K == k &&
                entry.Kernel == kernel && entry.Plane == plane)
            {
                if (entry.Version != version)
                {
                    Pack(weights, kind, offset, n, k, kernel, plane, source, entry.Packed);
                    entry.Version = version;
                }

                return entry.Packed;
            }
        }

        var buffer = CacheLines.Allocate(length, zeroed: false);
        var added = new Entry
        {
            Storage = storage, Kind = kind, Offset = offset, Version = version, N = n, K = k, Kernel = kernel, Plane = plane,
            Buffer = buffer, Start = CacheLines.Start(buffer), Length = length,
        };
        Pack(weights, kind, offset, n, k, kernel, plane, source, added.Packed);
        Add(added);
        return added.Packed;
    }

    private void Add(in Entry entry)
    {
        if (_count == _entries.Length)
        {
            System.Array.Resize(ref _entries, Math.Max(4, 2 * _count));
        }

        _entries[_count++] = entry;
    }

    private unsafe void Pack(Tensor weights, Kind kind, int offset, int n, int k, int kernel, in ConvGeometry plane, ReadOnlySpan<float> expanded, Span<float> packed)
    {
        Packs++;
        if (kind == Kind.PlaneExpanded)
        {
            SmallPlaneConv.Expand(plane, weights.Span, packed);
            return;
        }

        if (kind == Kind.PlaneForwardB)
        {
            Gemm.PackB(n, k, expanded, k, transposeB: true, packed);
            return;
        }

        if (kind == Kind.RecurrentB)
        {
            PackRecurrent(weights.Span, n, k, packed);
            return;
        }

        // The operand (n × k, or k × n) spans n·k floats from offset.
        if ((long)offset + (long)n * k > weights.Length)
        {
            throw new ArgumentException($"A {n} × {k} operand at {offset} does not fit in a weight of {weights.Length} values.");
        }

        if (kind is Kind.TapMajorB or Kind.FlippedTapMajorB)
        {
            // A column panel of B is laid out as a row block of A (a k-major run of Gemm.PanelWidth values).
            PackTapMajor(weights.Span, n, k, kernel, kind == Kind.FlippedTapMajorB, Gemm.PanelWidth, packed);
            return;
        }

        if (kind == Kind.TransposedB)
        {
            Gemm.PackB(n, k, weights.Span[offset..], k, transposeB: true, packed);
            return;
        }

        var blockRows = ConvGemm.BlockRows;
        if (kind == Kind.FlippedA)
        {
            PackFlipped(weights.Span[offset..], n, k, kernel, blockRows, packed);
            return;
        }

        if (kind is Kind.TapMajorA or Kind.FlippedTapMajorA)
        {
            PackTapMajor(weights.Span, n, k, kernel, kind == Kind.FlippedTapMajorA, blockRows, packed);
            return;
        }

        var transposed = kind == Kind.TransposedA;
        fixed (float* source = weights.Span, target = packed)
        {
            var blocks = new ABlocks(source + offset, transposed ? n : k, transposed, n, k, blockRows, target);
            PackBlocks(GemmPacking.BlockCount(n, blockRows), (long)n * k, ref blocks);
        }
    }

    /// <summary>
    /// One row block of <see cref="PackedA"/> per iteration, on all cores from <see cref="Gemm.ParallelPackFloats"/>:
    /// in training a strided layer's input gradient repacks Wᵀ after every optimiser step (ResNet-18's 128→256 3×3
    /// entry: 0.18 ms on one core).
    /// </summary>
    private readonly unsafe struct ABlocks(float* a, nint lda, bool transposed, int m, int depth, int blockRows, float* packed)
        : IParallelBody
    {
        public void Run(int block) => GemmPacking.PackA(a, lda, transposed, m, depth, blockRows, block, packed);
    }

    private static unsafe void PackRecurrent(ReadOnlySpan<float> weightHh, int gates, int hidden, Span<float> packed)
    {
        fixed (float* weights = weightHh, target = packed)
        {
            var blocks = new RecurrentBlocks(weights, gates, hidden, target);
            PackBlocks(GemmPacking.BlockCount(hidden, Gemm.PanelWidth), (long)gates * hidden * hidden, ref blocks);
        }
    }

    /// <summary>A weight's <paramref name="count"/> blocks packed, on all cores from <see cref="Gemm.ParallelPackFloats"/> floats.</summary>
    private static void PackBlocks<TBlocks>(int count, long floats, ref TBlocks blocks)
        where TBlocks : struct, IParallelBody
    {
        if (floats >= Gemm.ParallelPackFloats)
        {
            CpuParallel.For(count, ref blocks);
            return;
        }

        for (var block = 0; block < count; block++)
        {
            blocks.Run(block);
        }
    }

    /// <summary>The G panels of W_hhᵀ for one block of hidden units per iteration (<see cref="RecurrentB"/>).</summary>
    private readonly unsafe struct RecurrentBlocks(float* weights, int gates, int hidden, float* packed) : IParallelBody
    {
        public void Run(int block)
        {
            var columns = Gemm.PanelWidth;
            var unit0 = block * columns;
            for (var gate = 0; gate < gates; gate++)
            {
                // Shifting W_hh to the block's first row makes the block panel 0 of a B with H − unit0 columns.
                GemmPacking.PackB(
                    weights + ((nint)gate * hidden + unit0) * hidden, hidden, true, hidden - unit0, hidden, columns, 0,
                    packed + ((nint)block * gates + gate) * columns * hidden);
            }
        }
    }

    private static unsafe void PackFlipped(ReadOnlySpan<float> w, int inChannels, int depth, int kernel, int blockRows, Span<float> packed)
    {
        // Read each (oc, c) kernel once, in order; write its taps reversed, one float per packed k (blockRows apart).
        var taps = kernel * kernel;
        var outChannels = depth / taps;
        packed[..checked((int)GemmPacking.PackedALength(inChannels, depth, blockRows))].Clear();
        fixed (float* source = w, target = packed)
        {
            for (var oc = 0; oc < outChannels; oc++)
            {
                for (var c = 0; c < inChannels; c++)
                {
                    var (block, r) = Math.DivRem(c, blockRows);
                    var from = source + (((nint)oc * inChannels) + c) * taps;
                    var to = target + (((nint)block * depth) + ((nint)oc * taps) + taps - 1) * blockRows + r;
                    for (var tap = 0; tap < taps; tap++, to -= blockRows)
                    {
                        *to = from[tap];
                    }
                }
            }
        }
    }

    private static unsafe void PackTapMajor(ReadOnlySpan<float> w, int m, int depth, int taps, bool flipped, int blockRows, Span<float> packed)
    {
        fixed (float* source = w, target = packed)
        {
            var blocks = new TapMajorBlocks(source, m, depth, taps, flipped, blockRows, target);
            PackBlocks(GemmPacking.BlockCount(m, blockRows), (long)m * depth, ref blocks);
        }
    }

    /// <summary>
    /// One row block of <see cref="TapMajorA"/> (or column panel of <see cref="TapMajorB"/>) per iteration: packed
    /// depth t·channels + c of row r is w[r, c, t], or flipped w[c, r, taps − 1 − t] (0 past the last row). With AVX,
    /// 8 rows by 8 taps of one channel are one register transpose, its 8 packed rows channels·blockRows floats apart
    /// (reversed when flipped); the rest is gathered float by float, which for all of it made the repack after every
    /// optimiser step 5% of a ResNet-18 training step (its 256-channel 3×3 weights took 0.23–0.27 ms each, now 0.16–0.17; the
    /// training step 2–4% faster, ResNet-18 and the VGG-style net at batch 32, alternating).
    /// </summary>
    private readonly unsafe struct TapMajorBlocks(float* weights, int m, int depth, int taps, bool flipped, int blockRows, float* packed)
        : IParallelBody
    {
        public void Run(int block)
        {
            var channels = depth / taps;
            var (rowStride, channelStride) = flipped ? ((nint)taps, (nint)m * taps) : ((nint)depth, (nint)taps);
            var first = block * blockRows;
            var rows = Math.Min(blockRows, m - first);
            var target = packed + (nint)block * depth * blockRows;

            // Rows [0, transposedRows) by source taps [0, transposedTaps) go through 8 × 8 transposes.
            var transposedRows = CpuKernels.Vector256 && Avx.IsSupported ? rows / 8 * 8 : 0;
            var transposedTaps = transposedRows > 0 ? taps / 8 * 8 : 0;
            var packedStride = (flipped ? -1 : 1) * (nint)channels * blockRows;
            for (var c = 0; c < channels; c++)
            {
                // w's value for row r and source tap s (packed at tap t = s, or taps − 1 − s flipped).
                var origin = weights + (first * rowStride) + (c * channelStride);
                for (var r0 = 0; r0 < transposedRows; r0 += 8)
                {
                    for (var s0 = 0; s0 < transposedTaps; s0 += 8)
                    {
                        var t0 = flipped ? taps - 1 - s0 : s0;
                        GemmPacking.TransposeEight(
                            origin + (r0 * rowStride) + s0, rowStride, target + ((((nint)t0 * channels) + c) * blockRows) + r0, packedStride);
                    }
                }

                for (var s = 0; s < taps; s++)
                {
                    var row = target + ((((nint)(flipped ? taps - 1 - s : s) * channels) + c) * blockRows);
                    for (var r = s < transposedTaps ? transposedRows : 0; r < blockRows; r++)
                    {
                        row[r] = r < rows ? origin[(r * rowStride) + s] : 0f;
                    }
                }
            }
        }
    }

    private enum Kind
    {
        TapMajorA,
        TapMajorB,
        FlippedTapMajorB,
        FlippedTapMajorA,
        TransposedB,
        A,
        TransposedA,
        FlippedA,
        PlaneExpanded,
        PlaneForwardB,
        RecurrentB,
    }

    private struct Entry
    {
        public Tensor Storage;
        public Kind Kind;
        public int Offset;
        public long Version;
        public int N;
        public int K;
        public int Kernel;
        public ConvGeometry Plane;
        public float[] Buffer;
        public int Start;
        public int Length;

        public readonly Span<float> Packed => Buffer.AsSpan(Start, Length);
    }
}
