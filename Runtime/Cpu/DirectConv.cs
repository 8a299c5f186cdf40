using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// Direct convolution, stride 1, vectorised along the output row: the forward pass of layers whose window holds at most
/// <see cref="MaxDepth"/> values (C·KH·KW: LeNet's first layer 1·5·5, an RGB 3×3 stem 3·3·3), and the weight gradient
/// of those up to <see cref="MaxGradientDepth"/> (LeNet's second layer, 6·5·5); on rows of at most 16, two rows at a
/// time, the forward pass up to <see cref="MaxNarrowDepth"/>, and the input gradient as such a forward pass.
/// </summary>
/// <remarks>
/// A GEMM over im2col suits these layers badly: with 25 or 27 taps each packed column value serves only a few
/// multiply-adds, so the packing, not the arithmetic, sets the pace, and the weight gradient's GEMM (6 × 25 for LeNet)
/// has a single tile. Here each sample's planes are copied once into a zero-padded buffer, so every tap of every output
/// vector is a plain unaligned load: forward keeps 4, 6 or 8 output channels × 32 positions in 8, 12 or 16 registers
/// and adds each tap with one broadcast weight; the weight gradient keeps 4 or 6 channels' sums of four taps in 16 or
/// 24 registers over the whole plane, lane by lane, and reduces the lanes once per call. Where rows leave lanes idle
/// (10 or 28 wide), the padded copy is copied again once per kernel column (<see cref="Shift"/>) so the plane is one
/// run of positions.
/// Samples are shared among the cores; the weight gradient sums each core's partial result at the end. The per-row
/// helpers are compiled fully optimised from the first call (<c>AggressiveOptimization</c>): tiered compilation had
/// left them in instrumented tier 0 inside the optimised loops that call them, which made the bias and activation store
/// cost more than the arithmetic.
/// </remarks>
internal static unsafe class DirectConv
{
    /// <summary>The most window values (C·KH·KW) a layer may have for the forward path.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most window values a layer may have for the weight gradient's path.</summary>
    public const int MaxGradientDepth = 256;

    /// <summary>The most window values a layer with rows of at most 16 may have for the forward path (LeNet C3's input gradient: 16·5·5).</summary>
    public const int MaxNarrowDepth = 512;

    private const int Lanes = 16;
    private const int Span = 2 * Lanes;
    // Taps of one weight-gradient pass over a sample's positions (AccumulateFour).
    private const int TapGroup = 4;

    /// <summary>
    /// Whether <paramref name="g"/>'s forward runs here: a window of at most <see cref="MaxDepth"/> values, or of at most
    /// <see cref="MaxNarrowDepth"/> on rows of at most 16, two of which fill the 32 lanes (see <see cref="Suits"/>).
    /// </summary>
    public static bool Applies(in ConvGeometry g) => Suits(g, g.OutWidth <= Lanes ? MaxNarrowDepth : MaxDepth);

    /// <summary>
    /// Whether <paramref name="g"/>'s input gradient runs here, as the forward pass of the flipped kernel over the padded
    /// output gradient (<see cref="InputGradient"/>): where that forward would (few input channels: with 32 or more
    /// the GEMM path's flipped convolution is faster), for stride 1 and a square kernel whose padding keeps within it.
    /// </summary>
    public static bool AppliesToInputGradient(in ConvGeometry g) =>
        g.Stride == 1 && g.KernelHeight == g.KernelWidth && g.Pad < g.KernelHeight && g.InChannels < 32 && Applies(Flipped(g));

    /// <summary>
    /// dx = conv(dZ, flipped w): the input gradient of a stride-1 convolution is the forward pass of its kernel flipped in
    /// both axes, with input and output channels swapped, over dZ padded by K − 1 − pad; dx is overwritten.
    /// </summary>
    public static void InputGradient(in ConvGeometry g, float* dz, float* w, float* dx, CpuWorkspace workspace)
    {
        var (kh, kw) = (g.KernelHeight, g.KernelWidth);
        var taps = kh * kw;
        var weights = workspace.Pointer(WorkspaceSlot.WeightGradients, g.InChannels * g.OutChannels * taps);
        for (var c = 0; c < g.InChannels; c++)
        {
            for (var oc = 0; oc < g.OutChannels; oc++)
            {
                var source = w + ((nint)oc * g.InChannels + c) * taps;
                for (var tap = 0; tap < taps; tap++)
                {
                    weights[((c * g.OutChannels) + oc) * taps + tap] = source[taps - 1 - tap];
                }
            }
        }

        Forward(Flipped(g), dz, weights, dx, default(ActivationEpilogue<IdentityActivation>), workspace);
    }

    /// <summary>The forward geometry of <see cref="InputGradient"/>: dZ in, dx out, the kernel's reach less the pad as padding.</summary>
    private static ConvGeometry Flipped(in ConvGeometry g) =>
        new(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels, g.KernelHeight, g.KernelWidth, 1,
            g.KernelHeight - 1 - g.Pad, g.InHeight, g.InWidth, g.Groups, g.Dilation);

    /// <summary>
    /// Whether <paramref name="g"/>'s weight gradient runs here: a window of at most <see cref="MaxGradientDepth"/> values
    /// (LeNet's second layer, 6·5·5), where a tap's sums over the plane still cost less than the GEMM's transposed
    /// columns (see <see cref="Suits"/>).
    /// </summary>
    public static bool AppliesToWeightGradient(in ConvGeometry g) => Suits(g, MaxGradientDepth);

    /// <summary>512-bit vectors, one group, stride and dilation 1, rows of at least 8, a window of at most <paramref name="depth"/> values.</summary>
    private static bool Suits(in ConvGeometry g, int depth) =>
        CpuKernels.Vector512 && g.Groups == 1 && g.Stride == 1 && g.Dilation == 1 && g.OutWidth >= Lanes / 2 &&
        (long)g.InChannels * g.KernelHeight * g.KernelWidth <= depth;

    /// <summary>y = epilogue(conv(x, w)) for one group's geometry <paramref name="g"/>; see the class remarks.</summary>
    public static void Forward<TEpilogue>(in ConvGeometry g, float* x, float* w, float* y, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        // Blocks of 8 channels where they leave no more idle than blocks of 4 or 6 (LeNet C3: 16 channels), of 6 where
        // they leave fewer than blocks of 4 (LeNet C1 and C3's input gradient: 6 channels).
        var channels = g.OutChannels;
        if (Padded(channels, 8) <= Math.Min(Padded(channels, 4), Padded(channels, 6)))
        {
            Forward<TEpilogue, EightChannels>(g, x, w, y, epilogue, workspace);
        }
        else if (SixFitBetter(channels))
        {
            Forward<TEpilogue, SixChannels>(g, x, w, y, epilogue, workspace);
        }
        else
        {
            Forward<TEpilogue, FourChannels>(g, x, w, y, epilogue, workspace);
        }
    }

    private static void Forward<TEpilogue, TBlock>(in ConvGeometry g, float* x, float* w, float* y, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
        where TBlock : struct, IChannelBlock
    {
        var slots = Slots(g);
        var workers = workspace.Workers(slots);
        var size = TBlock.Channels;
        var blocks = GemmPacking.BlockCount(g.OutChannels, size);
        var depth = g.InChannels * g.KernelHeight * g.KernelWidth;

        // Weights by channel block, then tap, then the block's channels (zero past the last channel).
        var weights = workspace.Pointer(WorkspaceSlot.GemmPackedA, blocks * depth * size);
        for (var block = 0; block < blocks; block++)
        {
            for (var tap = 0; tap < depth; tap++)
            {
                for (var i = 0; i < size; i++)
                {
                    var oc = (block * size) + i;
                    weights[((block * depth) + tap) * size + i] = oc < g.OutChannels ? w[(oc * depth) + tap] : 0f;
                }
            }
        }

        var counter = 0;
        var body = new ForwardSamples<TEpilogue, TBlock>(g, x, weights, y, epilogue, workers, &counter);
        Run(slots, ref body);
    }

    /// <summary>dw = Σ over the batch of dZ ⋆ x for one group's geometry <paramref name="g"/>, overwritten; see the class remarks.</summary>
    public static void WeightGradient(in ConvGeometry g, float* x, float* dz, float* dw, CpuWorkspace workspace)
    {
        var slots = Slots(g);
        var workers = workspace.Workers(slots);
        var length = g.OutChannels * g.InChannels * g.KernelHeight * g.KernelWidth;
        // Blocks of 6 channels where they leave fewer idle than blocks of 4 (LeNet C1), as the forward's.
        if (SixFitBetter(g.OutChannels))
        {
            var six = new WeightGradientSamples<SixChannels>(g, x, dz, workers, slots);
            Run(slots, ref six);
        }
        else
        {
            var four = new WeightGradientSamples<FourChannels>(g, x, dz, workers, slots);
            Run(slots, ref four);
        }
        var sum = new Span<float>(dw, length);
        sum.Clear();
        for (var slot = 0; slot < slots; slot++)
        {
            SpanVectors.AddTo(workers[slot].Span(WorkspaceSlot.WeightGradients, length), sum);
        }
    }

    private static int Slots(in ConvGeometry g)
    {
        var flops = 2L * g.Batch * g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.KernelHeight * g.KernelWidth;
        return flops < (1 << 20) ? 1 : Math.Clamp(Environment.ProcessorCount, 1, g.Batch);
    }

    /// <summary><paramref name="channels"/> rounded up to whole blocks of <paramref name="size"/>.</summary>
    private static int Padded(int channels, int size) => GemmPacking.BlockCount(channels, size) * size;

    /// <summary>Whether blocks of 6 channels leave fewer idle than blocks of 4.</summary>
    private static bool SixFitBetter(int channels) => Padded(channels, 6) < Padded(channels, 4);

    private static void Run<TBody>(int slots, ref TBody body)
        where TBody : struct, IParallelBody
    {
        if (slots == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(slots, ref body);
        }
    }

    /// <summary>The padded row length: every 32-wide output span's taps stay inside the row.</summary>
    private static int PaddedWidth(in ConvGeometry g) => (GemmPacking.BlockCount(g.OutWidth, Span) * Span) + g.KernelWidth - 1;

    /// <summary>The padded plane height: every output row's taps stay inside the plane, and a spare row for <see cref="Shift"/>'s last vector.</summary>
    private static int PaddedHeight(in ConvGeometry g) => g.OutHeight + g.KernelHeight;

    /// <summary>Copies sample <paramref name="n"/>'s planes into <paramref name="padded"/>, zero around them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pad(in ConvGeometry g, float* x, int n, float* padded)
    {
        var (width, height) = (PaddedWidth(g), PaddedHeight(g));
        new Span<float>(padded, g.InChannels * height * width).Clear();
        var sample = x + ((nint)n * g.InChannels * g.InHeight * g.InWidth);
        for (var c = 0; c < g.InChannels; c++)
        {
            for (var ih = 0; ih < g.InHeight; ih++)
            {
                var row = ih + g.Pad;
                if (row >= height)
                {
                    break;
                }

                var count = Math.Min(g.InWidth, width - g.Pad);
                new ReadOnlySpan<float>(sample + ((nint)c * g.InHeight + ih) * g.InWidth, count)
                    .CopyTo(new Span<float>(padded + ((nint)c * height + row) * width + g.Pad, count));
            }
        }
    }

    /// <summary>
    /// Whether the forward pass takes the output plane as one run of positions (<see cref="Shift"/>): where that needs
    /// fewer 32-position spans than rows do (LeNet C3's 10 × 10: 4 against 5 row pairs; C1's 28 × 28: 25 against 28),
    /// though not for the same count (the copies would cost more than they save).
    /// </summary>
    private static bool InRuns(in ConvGeometry g)
    {
        var rowSpans = g.OutWidth <= Lanes ? (g.OutHeight + 1) / 2 : g.OutHeight * GemmPacking.BlockCount(g.OutWidth, Span);
        return GemmPacking.BlockCount(g.OutHeight * g.OutWidth, Span) < rowSpans;
    }

    /// <summary>The rows of one channel in each of <see cref="Shift"/>'s copies: every row a tap of an output row reads.</summary>
    private static int ShiftedRows(in ConvGeometry g) => g.OutHeight + g.KernelHeight - 1;

    /// <summary>The floats <see cref="Shift"/> writes: one copy of the padded rows per kernel column, cut to the output's width.</summary>
    private static int ShiftedLength(in ConvGeometry g) => g.KernelWidth * g.InChannels * ShiftedRows(g) * g.OutWidth;

    /// <summary>
    /// Copies the padded sample once per kernel column kw: row r of channel c to
    /// shifted[kw, c, r, 0..OutWidth] = padded[c, r, kw..kw + OutWidth], so that a tap's inputs for the output plane
    /// taken as one run of positions (rows end to end) are one run as well, kh rows into its copy. Whole vectors in
    /// ascending order: each row's overrun is overwritten by the next row, the last one's lands in the caller's slack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Shift(in ConvGeometry g, float* padded, float* shifted)
    {
        var (width, height) = (PaddedWidth(g), PaddedHeight(g));
        var rows = ShiftedRows(g);
        var target = shifted;
        for (var kw = 0; kw < g.KernelWidth; kw++)
        {
            for (var c = 0; c < g.InChannels; c++)
            {
                for (var r = 0; r < rows; r++, target += g.OutWidth)
                {
                    var source = padded + ((nint)c * height + r) * width + kw;
                    for (var j = 0; j < g.OutWidth; j += Lanes)
                    {
                        Vector512.Load(source + j).Store(target + j);
                    }
                }
            }
        }
    }

    /// <summary>How many output channels one block keeps in registers: two vectors each forward, four taps' sums in the weight gradient.</summary>
    private interface IChannelBlock
    {
        static abstract int Channels { get; }
    }

    private readonly struct FourChannels : IChannelBlock
    {
        public static int Channels => 4;
    }

    private readonly struct SixChannels : IChannelBlock
    {
        public static int Channels => 6;
    }

    private readonly struct EightChannels : IChannelBlock
    {
        public static int Channels => 8;
    }

    /// <summary>
    /// The kernel rows [first, end) that reach an input row for output rows <paramref name="oh"/> to oh + count − 1: the
    /// others read only the padded copy's zero border, so their products are skipped. LeNet C3's input gradient
    /// convolves its 10 × 10 output gradient padded by 4, where this leaves 27 of the 35 (row pair, kernel row)
    /// products: its training step took 0.968–0.979 of the time (alternating every 4 steps).
    /// </summary>
    private static (int First, int End) KernelRows(in ConvGeometry g, int oh, int count) =>
        (Math.Clamp(g.Pad - (oh + count - 1), 0, g.KernelHeight), Math.Clamp(g.Pad + g.InHeight - oh, 0, g.KernelHeight));

    /// <summary>Forward's samples, claimed one at a time by each slot.</summary>
    private readonly struct ForwardSamples<TEpilogue, TBlock>(
        ConvGeometry g, float* x, float* weights, float* y, TEpilogue epilogue, CpuWorkspace[] workers, int* counter) : IParallelBody
        where TEpilogue : struct, IEpilogue
        where TBlock : struct, IChannelBlock
    {
        public void Run(int slot)
        {
            var (width, height) = (PaddedWidth(g), PaddedHeight(g));
            var padded = workers[slot].Pointer(WorkspaceSlot.Columns, g.InChannels * height * width);
            var runs = InRuns(g);

            // In runs, tap (c, kh, kw) of position p reads shifted + kw·copy + c·plane + kh·OutWidth + p.
            var plane = (nint)ShiftedRows(g) * g.OutWidth;
            var copy = g.InChannels * plane;

            // The last span of positions reads up to Span − 1 floats past the copies: their lanes are not stored.
            var shifted = runs ? workers[slot].Pointer(WorkspaceSlot.ShiftedInput, ShiftedLength(g) + Span) : null;
            var depth = g.InChannels * g.KernelHeight * g.KernelWidth;
            var positions = g.OutHeight * g.OutWidth;
            var size = TBlock.Channels;
            var tile = stackalloc float[size * Span];
            for (var n = Interlocked.Increment(ref *counter) - 1; n < g.Batch; n = Interlocked.Increment(ref *counter) - 1)
            {
                Pad(g, x, n, padded);
                if (runs)
                {
                    Shift(g, padded, shifted);
                }

                for (var block = 0; block * size < g.OutChannels; block++)
                {
                    var w = weights + (nint)block * depth * size;
                    var channel0 = block * size;
                    var channels = Math.Min(size, g.OutChannels - channel0);
                    var planeStart = y + ((nint)n * g.OutChannels + channel0) * positions;
                    if (runs)
                    {
                        // The plane as one run of positions, each tap's inputs a run of its kw's copy.
                        for (var p = 0; p < positions; p += Span)
                        {
                            Accumulate(shifted + p, Lanes, plane, g.OutWidth, copy, w, tile, 0, g.KernelHeight);
                            Store(tile, planeStart + p, positions, channels, Math.Min(Span, positions - p), channel0, (n * positions) + p);
                        }

                        continue;
                    }

                    if (g.OutWidth <= Lanes)
                    {
                        // Narrow rows: the two vectors are two output rows.
                        for (var oh = 0; oh < g.OutHeight; oh += 2)
                        {
                            var (first, end) = KernelRows(g, oh, Math.Min(2, g.OutHeight - oh));
                            Accumulate(padded + (nint)oh * width, width, height * width, width, 1, w, tile, first, end);
                            var column = (n * positions) + (oh * g.OutWidth);
                            Store(tile, planeStart + (nint)oh * g.OutWidth, positions, channels, g.OutWidth, channel0, column);
                            if (oh + 1 < g.OutHeight)
                            {
                                Store(tile + Lanes, planeStart + (nint)(oh + 1) * g.OutWidth, positions, channels, g.OutWidth, channel0, column + g.OutWidth);
                            }
                        }

                        continue;
                    }

                    for (var oh = 0; oh < g.OutHeight; oh++)
                    {
                        var (first, end) = KernelRows(g, oh, 1);
                        for (var ow = 0; ow < g.OutWidth; ow += Span)
                        {
                            Accumulate(padded + (nint)oh * width + ow, Lanes, height * width, width, 1, w, tile, first, end);
                            var column = (n * positions) + (oh * g.OutWidth) + ow;
                            Store(tile, planeStart + (nint)oh * g.OutWidth + ow, positions, channels, Math.Min(Span, g.OutWidth - ow), channel0, column);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The block's channels' sums over the taps of kernel rows <paramref name="firstRow"/> to <paramref name="endRow"/> − 1
        /// (the others read only zeros: <see cref="KernelRows"/>) for two vectors of positions, the first from
        /// <paramref name="origin"/> and the second <paramref name="second"/> floats further, into <paramref name="tile"/>.
        /// Tap (c, kh, kw) reads from origin + c·<paramref name="channelStride"/> + kh·<paramref name="rowStride"/> +
        /// kw·<paramref name="columnStride"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Accumulate(float* origin, int second, nint channelStride, nint rowStride, nint columnStride, float* w, float* tile, int firstRow, int endRow)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
            var kernelRow = g.KernelWidth * TBlock.Channels;
            for (var c = 0; c < g.InChannels; c++)
            {
                w += firstRow * kernelRow;
                for (var kh = firstRow; kh < endRow; kh++)
                {
                    var tap = origin + (c * channelStride) + (kh * rowStride);
                    for (var kw = 0; kw < g.KernelWidth; kw++, w += TBlock.Channels, tap += columnStride)
                    {
                        var x0 = Vector512.Load(tap);
                        var x1 = Vector512.Load(tap + second);
                        var w0 = Vector512.Create(w[0]);
                        var w1 = Vector512.Create(w[1]);
                        var w2 = Vector512.Create(w[2]);
                        var w3 = Vector512.Create(w[3]);
                        a0 = Vector512.FusedMultiplyAdd(x0, w0, a0);
                        b0 = Vector512.FusedMultiplyAdd(x1, w0, b0);
                        a1 = Vector512.FusedMultiplyAdd(x0, w1, a1);
                        b1 = Vector512.FusedMultiplyAdd(x1, w1, b1);
                        a2 = Vector512.FusedMultiplyAdd(x0, w2, a2);
                        b2 = Vector512.FusedMultiplyAdd(x1, w2, b2);
                        a3 = Vector512.FusedMultiplyAdd(x0, w3, a3);
                        b3 = Vector512.FusedMultiplyAdd(x1, w3, b3);
                        if (TBlock.Channels >= 6)
                        {
                            var w4 = Vector512.Create(w[4]);
                            var w5 = Vector512.Create(w[5]);
                            a4 = Vector512.FusedMultiplyAdd(x0, w4, a4);
                            b4 = Vector512.FusedMultiplyAdd(x1, w4, b4);
                            a5 = Vector512.FusedMultiplyAdd(x0, w5, a5);
                            b5 = Vector512.FusedMultiplyAdd(x1, w5, b5);
                        }

                        if (TBlock.Channels == 8)
                        {
                            var w6 = Vector512.Create(w[6]);
                            var w7 = Vector512.Create(w[7]);
                            a6 = Vector512.FusedMultiplyAdd(x0, w6, a6);
                            b6 = Vector512.FusedMultiplyAdd(x1, w6, b6);
                            a7 = Vector512.FusedMultiplyAdd(x0, w7, a7);
                            b7 = Vector512.FusedMultiplyAdd(x1, w7, b7);
                        }
                    }
                }

                w += (g.KernelHeight - endRow) * kernelRow;
            }

            a0.Store(tile);
            b0.Store(tile + Lanes);
            a1.Store(tile + Span);
            b1.Store(tile + Span + Lanes);
            a2.Store(tile + (2 * Span));
            b2.Store(tile + (2 * Span) + Lanes);
            a3.Store(tile + (3 * Span));
            b3.Store(tile + (3 * Span) + Lanes);
            if (TBlock.Channels >= 6)
            {
                a4.Store(tile + (4 * Span));
                b4.Store(tile + (4 * Span) + Lanes);
                a5.Store(tile + (5 * Span));
                b5.Store(tile + (5 * Span) + Lanes);
            }

            if (TBlock.Channels == 8)
            {
                a6.Store(tile + (6 * Span));
                b6.Store(tile + (6 * Span) + Lanes);
                a7.Store(tile + (7 * Span));
                b7.Store(tile + (7 * Span) + Lanes);
            }
        }

        /// <summary>Writes the tile's first <paramref name="channels"/> rows, <paramref name="count"/> positions each, through the epilogue.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Store(float* tile, float* target, int positions, int channels, int count, int channel0, int column)
        {
            for (var i = 0; i < channels; i++)
            {
                var source = tile + (i * Span);
                var destination = target + ((nint)i * positions);
                var t = 0;
                for (; t + Lanes <= count; t += Lanes)
                {
                    Vector512.Store(epilogue.Apply(Vector512.Load(source + t), channel0 + i, column + t), destination + t);
                }

                if (t + (Lanes / 2) <= count)
                {
                    Vector256.Store(epilogue.Apply(Vector256.Load(source + t), channel0 + i, column + t), destination + t);
                    t += Lanes / 2;
                }

                for (; t < count; t++)
                {
                    destination[t] = epilogue.Apply(source[t], channel0 + i, column + t);
                }
            }
        }
    }

    /// <summary>
    /// The weight gradient's samples, an equal run of them per slot (fixed, not claimed as they come, so the sums'
    /// order and the result's bits do not depend on which thread ran what). A sample's output gradient plane is one
    /// run of positions against each tap's run of the <see cref="Shift"/>ed input (LeNet C3's 10 × 10 plane fills 7
    /// vectors, where 10 rows of 16 lanes took 10). Each (channel block, tap) keeps a vector of partial sums per channel
    /// (blocks of 4 channels, or of 6 where they leave fewer idle: LeNet C1) in the slot's buffer across its samples;
    /// they are reduced to the slot's dW once, at the end.
    /// </summary>
    private readonly struct WeightGradientSamples<TBlock>(ConvGeometry g, float* x, float* dz, CpuWorkspace[] workers, int slots) : IParallelBody
        where TBlock : struct, IChannelBlock
    {
        public void Run(int slot)
        {
            var rows = ShiftedRows(g);
            var run = GemmPacking.BlockCount(g.OutHeight * g.OutWidth, Lanes) * Lanes;
            var depth = g.InChannels * g.KernelHeight * g.KernelWidth;
            var size = TBlock.Channels;
            var blocks = GemmPacking.BlockCount(g.OutChannels, size);

            // A tap's run reads up to one vector past its copy's plane, into the next plane or the slack (zeroed here,
            // then holding the last row's overrun), against gradients that are zero there.
            var shiftedLength = ShiftedLength(g);
            var padded = workers[slot].Pointer(WorkspaceSlot.Columns, g.InChannels * PaddedHeight(g) * PaddedWidth(g));
            var shifted = workers[slot].Pointer(WorkspaceSlot.ShiftedInput, shiftedLength + Lanes);
            new Span<float>(shifted + shiftedLength, Lanes).Clear();

            // Zero past each plane's positions and in the last block's missing channels, which no sample writes.
            var gradients = workers[slot].Pointer(WorkspaceSlot.ColumnGradients, blocks * size * run);
            new Span<float>(gradients, blocks * size * run).Clear();
            var partial = (Vector512<float>*)workers[slot].Pointer(WorkspaceSlot.GemmPackedB, blocks * depth * size * Lanes);
            new Span<float>(partial, blocks * depth * size * Lanes).Clear();
            var pending = stackalloc float*[TapGroup];
            for (var n = slot * g.Batch / slots; n < (slot + 1) * g.Batch / slots; n++)
            {
                Pad(g, x, n, padded);
                Shift(g, padded, shifted);
                CopyGradients(n, gradients, run);
                for (var block = 0; block < blocks; block++)
                {
                    // Taps four at a time: 16 or 24 independent sums share each load of the gradients and keep both
                    // FMA units busy, where pairs (8 sums) loaded and stored their sums twice as often per multiply-add.
                    var d = gradients + (nint)block * size * run;
                    var blockSums = partial + ((nint)block * depth * size);
                    var waiting = 0;
                    var tap = 0;
                    for (var c = 0; c < g.InChannels; c++)
                    {
                        for (var kh = 0; kh < g.KernelHeight; kh++)
                        {
                            for (var kw = 0; kw < g.KernelWidth; kw++, tap++)
                            {
                                pending[waiting++] = shifted + ((((nint)kw * g.InChannels) + c) * rows + kh) * g.OutWidth;
                                if (waiting == TapGroup)
                                {
                                    AccumulateFour(pending, d, run, blockSums + ((nint)(tap + 1 - TapGroup) * size));
                                    waiting = 0;
                                }
                            }
                        }
                    }

                    // The last one to three taps, one at a time.
                    for (var i = 0; i < waiting; i++)
                    {
                        Accumulate(pending[i], d, run, blockSums + ((nint)(depth - waiting + i) * size));
                    }
                }
            }

            var sums = workers[slot].Pointer(WorkspaceSlot.WeightGradients, g.OutChannels * depth);
            for (var oc = 0; oc < g.OutChannels; oc++)
            {
                var (block, i) = Math.DivRem(oc, size);
                for (var t = 0; t < depth; t++)
                {
                    sums[(oc * depth) + t] = Vector512.Sum(partial[((((nint)block * depth) + t) * size) + i]);
                }
            }
        }

        /// <summary>Copies sample <paramref name="n"/>'s output gradient planes to runs of <paramref name="run"/> floats (their tails stay zero).</summary>
        private void CopyGradients(int n, float* gradients, int run)
        {
            var positions = g.OutHeight * g.OutWidth;
            for (var oc = 0; oc < g.OutChannels; oc++)
            {
                new ReadOnlySpan<float>(dz + ((nint)n * g.OutChannels + oc) * positions, positions)
                    .CopyTo(new Span<float>(gradients + (nint)oc * run, positions));
            }
        }

        /// <summary>
        /// <see cref="Accumulate"/> for four consecutive taps at once, from <paramref name="taps"/>: their 16 or 24 sums,
        /// each in the same order as alone, share the gradients' loads.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void AccumulateFour(float** taps, float* d, int run, Vector512<float>* sums)
        {
            var size = TBlock.Channels;
            var t0 = taps[0];
            var t1 = taps[1];
            var t2 = taps[2];
            var t3 = taps[3];
            var (a0, a1, a2, a3) = (sums[0], sums[1], sums[2], sums[3]);
            var (b0, b1, b2, b3) = (sums[size], sums[size + 1], sums[size + 2], sums[size + 3]);
            var (e0, e1, e2, e3) = (sums[2 * size], sums[(2 * size) + 1], sums[(2 * size) + 2], sums[(2 * size) + 3]);
            var (f0, f1, f2, f3) = (sums[3 * size], sums[(3 * size) + 1], sums[(3 * size) + 2], sums[(3 * size) + 3]);
            Vector512<float> a4 = default, a5 = default, b4 = default, b5 = default, e4 = default, e5 = default, f4 = default, f5 = default;
            if (size == 6)
            {
                (a4, a5, b4, b5) = (sums[4], sums[5], sums[size + 4], sums[size + 5]);
                (e4, e5, f4, f5) = (sums[(2 * size) + 4], sums[(2 * size) + 5], sums[(3 * size) + 4], sums[(3 * size) + 5]);
            }

            for (var p = 0; p < run; p += Lanes)
            {
                var (v0, v1, v2, v3) = (Vector512.Load(t0 + p), Vector512.Load(t1 + p), Vector512.Load(t2 + p), Vector512.Load(t3 + p));
                var g0 = Vector512.Load(d + p);
                a0 = Vector512.FusedMultiplyAdd(g0, v0, a0);
                b0 = Vector512.FusedMultiplyAdd(g0, v1, b0);
                e0 = Vector512.FusedMultiplyAdd(g0, v2, e0);
                f0 = Vector512.FusedMultiplyAdd(g0, v3, f0);
                var g1 = Vector512.Load(d + run + p);
                a1 = Vector512.FusedMultiplyAdd(g1, v0, a1);
                b1 = Vector512.FusedMultiplyAdd(g1, v1, b1);
                e1 = Vector512.FusedMultiplyAdd(g1, v2, e1);
                f1 = Vector512.FusedMultiplyAdd(g1, v3, f1);
                var g2 = Vector512.Load(d + (2 * run) + p);
                a2 = Vector512.FusedMultiplyAdd(g2, v0, a2);
                b2 = Vector512.FusedMultiplyAdd(g2, v1, b2);
                e2 = Vector512.FusedMultiplyAdd(g2, v2, e2);
                f2 = Vector512.FusedMultiplyAdd(g2, v3, f2);
                var g3 = Vector512.Load(d + (3 * run) + p);
                a3 = Vector512.FusedMultiplyAdd(g3, v0, a3);
                b3 = Vector512.FusedMultiplyAdd(g3, v1, b3);
                e3 = Vector512.FusedMultiplyAdd(g3, v2, e3);
                f3 = Vector512.FusedMultiplyAdd(g3, v3, f3);
                if (size == 6)
                {
                    var g4 = Vector512.Load(d + (4 * run) + p);
                    a4 = Vector512.FusedMultiplyAdd(g4, v0, a4);
                    b4 = Vector512.FusedMultiplyAdd(g4, v1, b4);
                    e4 = Vector512.FusedMultiplyAdd(g4, v2, e4);
                    f4 = Vector512.FusedMultiplyAdd(g4, v3, f4);
                    var g5 = Vector512.Load(d + (5 * run) + p);
                    a5 = Vector512.FusedMultiplyAdd(g5, v0, a5);
                    b5 = Vector512.FusedMultiplyAdd(g5, v1, b5);
                    e5 = Vector512.FusedMultiplyAdd(g5, v2, e5);
                    f5 = Vector512.FusedMultiplyAdd(g5, v3, f5);
                }
            }

            (sums[0], sums[1], sums[2], sums[3]) = (a0, a1, a2, a3);
            (sums[size], sums[size + 1], sums[size + 2], sums[size + 3]) = (b0, b1, b2, b3);
            (sums[2 * size], sums[(2 * size) + 1], sums[(2 * size) + 2], sums[(2 * size) + 3]) = (e0, e1, e2, e3);
            (sums[3 * size], sums[(3 * size) + 1], sums[(3 * size) + 2], sums[(3 * size) + 3]) = (f0, f1, f2, f3);
            if (size == 6)
            {
                (sums[4], sums[5], sums[size + 4], sums[size + 5]) = (a4, a5, b4, b5);
                (sums[(2 * size) + 4], sums[(2 * size) + 5], sums[(3 * size) + 4], sums[(3 * size) + 5]) = (e4, e5, f4, f5);
            }
        }

        /// <summary>Adds the block's channels' dZ · x for one tap over the run of positions, lane by lane, to <paramref name="sums"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Accumulate(float* origin, float* d, int run, Vector512<float>* sums)
        {
            var size = TBlock.Channels;
            var (a0, a1, a2, a3) = (sums[0], sums[1], sums[2], sums[3]);
            var (a4, a5) = size == 6 ? (sums[4], sums[5]) : (default, default);
            for (var p = 0; p < run; p += Lanes)
            {
                var value = Vector512.Load(origin + p);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(d + p), value, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(d + run + p), value, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(d + (2 * run) + p), value, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(d + (3 * run) + p), value, a3);
                if (size == 6)
                {
                    a4 = Vector512.FusedMultiplyAdd(Vector512.Load(d + (4 * run) + p), value, a4);
                    a5 = Vector512.FusedMultiplyAdd(Vector512.Load(d + (5 * run) + p), value, a5);
                }
            }

            (sums[0], sums[1], sums[2], sums[3]) = (a0, a1, a2, a3);
            if (size == 6)
            {
                (sums[4], sums[5]) = (a4, a5);
            }
        }
    }
}
