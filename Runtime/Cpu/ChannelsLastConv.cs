using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// A convolution without im2col, for output rows that are whole micro-kernel blocks (ResNet-18's 8×8 stage: one output
/// row is one 8-row block of the AVX-512 kernel), or at stride 2 blocks that are whole output rows (its strided entry
/// into the 4×4 stage: two rows a block). The input rows a task's output rows read are copied channels last,
/// with the zero border ([rows, W + 2p, C]): by the task itself, or with few samples for all tasks first (see Run).
/// There a block's positions each read one kernel row's window as KW·C contiguous values, stride·C floats apart, which
/// the micro-kernel reads in place (<see cref="IMicroKernel.RunTaps"/>, one product per kernel row) against the weight
/// packed once as B, tap-major (<see cref="PackedWeightCache.TapMajorB"/>). Kernel rows on the top or bottom border
/// are skipped. The tile (positions × output channels) is stored transposed into NCHW y through the epilogue. Per call
/// nothing is packed but the copy: x with its border, against nine times x for the columns of a 3×3 window.
/// </summary>
internal static unsafe class ChannelsLastConv
{
    // The shortest kernel row (KW·C values: one product) worth a call beside the tile it stores: ResNet-18's stem has
    // 21, the VGG-style net's first layer 9.
    private const int MinDepth = 16;

    // Enough tasks per core that an uneven split costs little.
    private const int TasksPerCore = 4;

    // Floats of one panel of the weight (all taps, 32 output channels with AVX-512), which every tile of a task reads
    // again: 512 KB, half of L2.
    private const int MaxPanelFloats = 1 << 17;

    // Floats of input rows a task copies, which its tiles read again tap after tap: 128 KB (at least the rows of one
    // output row).
    private const int CopyFloats = 1 << 15;

    /// <summary>
    /// Whether <paramref name="g"/>'s forward runs here: one group, no dilation, a window of more than one tap with
    /// kernel rows of at least 16 values, output rows a whole number of the micro-kernel's row blocks, and a weight
    /// panel that stays in L2.
    /// </summary>
    public static bool Applies(in ConvGeometry g) =>
        g.Groups == 1 && g.Dilation == 1 && g.KernelHeight * g.KernelWidth > 1 && g.KernelWidth * g.InChannels >= MinDepth && g.Batch > 0 && g.OutHeight > 0
        && Lines(g, ConvGemm.BlockRows) > 0 && (long)g.InChannels * g.KernelHeight * g.KernelWidth * Gemm.PanelWidth <= MaxPanelFloats;

    /// <summary>
    /// The output rows one block of <paramref name="rows"/> positions spans: 1 when an output row is a whole number of
    /// blocks; for a strided layer, more when a block is a whole number of output rows (and the plane a whole number of
    /// blocks); else 0. A block across rows skips a kernel row only where all its rows do: at stride 1 on small planes
    /// (ResNet-18's and the VGG-style net's 4×4 stages) <see cref="TapMajorColumns"/>, which skips every padding tap,
    /// was 16–18% faster; at stride 2 (ResNet-18's entry into the 4×4 stage) this was 27% faster.
    /// </summary>
    private static int Lines(in ConvGeometry g, int rows) =>
        g.OutWidth % rows == 0 ? 1
        : g.Stride > 1 && rows % g.OutWidth == 0 && g.OutHeight % (rows / g.OutWidth) == 0 ? rows / g.OutWidth
        : 0;

    /// <summary>
    /// y = epilogue(conv(x, w)), x and y NCHW, <paramref name="weights"/> the weight from
    /// <see cref="PackedWeightCache.TapMajorB"/>; the epilogue sees rows as output channels and columns as (sample, position).
    /// </summary>
    public static void Forward<TEpilogue>(in ConvGeometry g, float* x, ReadOnlySpan<float> weights, float* y, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        fixed (float* b = weights)
        {
            switch (Gemm.BestKernel)
            {
                case GemmKernel.Avx512:
                    Run<Avx512MicroKernel, TEpilogue>(g, x, b, y, epilogue, workspace);
                    break;
                case GemmKernel.Avx2:
                    Run<Avx2MicroKernel, TEpilogue>(g, x, b, y, epilogue, workspace);
                    break;
                default:
                    Run<PortableMicroKernel, TEpilogue>(g, x, b, y, epilogue, workspace);
                    break;
            }
        }
    }

    private static void Run<TKernel, TEpilogue>(in ConvGeometry g, float* x, float* weights, float* y, TEpilogue epilogue, CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        // With samples enough, a task is a run of one sample's output rows, all output channels: it copies the input
        // rows they read into its core's buffer, where they stay in L1/L2 while every panel of the weight (from L2)
        // passes over them. With few samples, the samples are copied first, once, and a task is one panel of the
        // weight for a run of rows: each panel then comes into L2 once per task, not once per output row (a task per
        // output row read all of the weight, 2.4 MB for the VGG-style net's 8×8 layers at batch 1).
        var cores = Environment.ProcessorCount;
        var rowFloats = (g.InWidth + (2 * g.Pad)) * g.InChannels;
        var paddedHeight = g.InHeight + (2 * g.Pad);
        var shared = g.Batch < TasksPerCore * cores;
        var panelTasks = shared ? GemmPacking.BlockCount(g.OutChannels, TKernel.Columns) : 1;
        var rowChunks = Math.Clamp(GemmPacking.BlockCount(TasksPerCore * cores, g.Batch * panelTasks), 1, g.OutHeight);
        var rowsPerChunk = GemmPacking.BlockCount(g.OutHeight, rowChunks);
        if (!shared)
        {
            rowsPerChunk = Math.Min(rowsPerChunk, Math.Max(1, ((CopyFloats / rowFloats) - g.KernelHeight) / g.Stride + 1));
        }

        // Chunks of whole blocks.
        var lines = Lines(g, TKernel.Rows);
        rowsPerChunk = GemmPacking.BlockCount(rowsPerChunk, lines) * lines;

        rowChunks = GemmPacking.BlockCount(g.OutHeight, rowsPerChunk);
        var tasks = g.Batch * panelTasks * rowChunks;
        var slots = Math.Min(cores, tasks);
        var copyFloats = shared ? g.Batch * paddedHeight * rowFloats : (((rowsPerChunk - 1) * g.Stride) + g.KernelHeight) * rowFloats;
        var workers = workspace.Workers(slots);
        var buffers = stackalloc nint[slots];
        for (var slot = 0; slot < slots; slot++)
        {
            // With few samples every slot reads slot 0's copy.
            buffers[slot] = shared && slot > 0 ? buffers[0] : (nint)workers[slot].Pointer(WorkspaceSlot.PaddedInput, copyFloats);
        }

        if (shared)
        {
            CopySamples(g, x, (float*)buffers[0]);
        }

        var counter = 0;
        var body = new Tasks<TKernel, TEpilogue>(g, x, weights, y, epilogue, shared, panelTasks, rowChunks, rowsPerChunk, tasks, buffers, &counter);
        if (slots == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(slots, ref body);
        }
    }

    /// <summary>
    /// Every sample of x into <paramref name="target"/>, channels last with the zero border ([N, H + 2p, W + 2p, C]),
    /// in bands of rows across the cores.
    /// </summary>
    public static void CopySamples(in ConvGeometry g, float* x, float* target)
    {
        var cores = Environment.ProcessorCount;
        var copies = new SampleCopies(g, x, target, cores);
        if (cores == 1)
        {
            for (var n = 0; n < g.Batch; n++)
            {
                copies.Run(n);
            }
        }
        else
        {
            CpuParallel.For(g.Batch * cores, ref copies);
        }
    }

    /// <summary>
    /// Rows [<paramref name="first"/>, <paramref name="end"/>) of sample n's zero-bordered input (H + 2p rows of
    /// W + 2p positions) into <paramref name="target"/>, channels last: a position's C values side by side.
    /// </summary>
    private static void Copy(in ConvGeometry g, float* x, int n, int first, int end, float* target)
    {
        var (channels, height, width, pad) = (g.InChannels, g.InHeight, g.InWidth, g.Pad);
        var paddedWidth = width + (2 * pad);
        var rowFloats = paddedWidth * channels;
        var plane = (nint)height * width;
        var source = x + (n * channels * plane);
        for (var padded = first; padded < end; padded++, target += rowFloats)
        {
            var h = padded - pad;
            if (h < 0 || h >= height)
            {
                new Span<float>(target, rowFloats).Clear();
                continue;
            }

            new Span<float>(target, pad * channels).Clear();
            new Span<float>(target + ((nint)(pad + width) * channels), pad * channels).Clear();
            var line = source + (h * width);
            var inside = target + (pad * channels);
            var (c0, w0) = (0, 0);
            if (CpuKernels.Vector256 && Avx.IsSupported)
            {
                // 8 × 8 blocks of (channel, position) transposed in registers.
                for (c0 = 0; c0 + 8 <= channels; c0 += 8)
                {
                    for (w0 = 0; w0 + 8 <= width; w0 += 8)
                    {
                        GemmPacking.TransposeEight(line + (c0 * plane) + w0, plane, inside + ((nint)w0 * channels) + c0, channels);
                    }
                }

                w0 = width / 8 * 8;
                c0 = channels / 8 * 8;
            }

            // What the blocks left: the last positions of every channel, then the last channels of every position.
            for (var c = 0; c < channels; c++)
            {
                for (var i = c < c0 ? w0 : 0; i < width; i++)
                {
                    inside[((nint)i * channels) + c] = line[(c * plane) + i];
                }
            }
        }
    }

    /// <summary>Iteration i copies band i % bands of sample i / bands's padded rows into <paramref name="target"/> (all samples, in order).</summary>
    private readonly struct SampleCopies(ConvGeometry g, float* x, float* target, int bands) : IParallelBody
    {
        public void Run(int index)
        {
            var (n, band) = Math.DivRem(index, bands);
            var paddedHeight = g.InHeight + (2 * g.Pad);
            var first = paddedHeight * band / bands;
            var rowFloats = (nint)(g.InWidth + (2 * g.Pad)) * g.InChannels;
            Copy(g, x, n, first, paddedHeight * (band + 1) / bands, target + ((((nint)n * paddedHeight) + first) * rowFloats));
        }
    }

    /// <summary>
    /// One slot per core, claiming tasks from a shared counter: task t is chunk t % chunks (<paramref name="rowsPerChunk"/>
    /// rows each, the last one short) of sample t / (chunks · panelTasks)'s output rows, for panel (t / chunks) %
    /// panelTasks of the output channels when <paramref name="shared"/> (the samples copied in slot 0's buffer), else
    /// for all of them (the rows copied per task into the slot's buffer).
    /// </summary>
    private readonly struct Tasks<TKernel, TEpilogue>(
        ConvGeometry g, float* x, float* weights, float* y, TEpilogue epilogue, bool shared, int panelTasks, int rowChunks, int rowsPerChunk, int tasks,
        nint* buffers, int* counter)
        : IParallelBody
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        [SkipLocalsInit] // the tile and its transposed rows are written before they are read
        public void Run(int slot)
        {
            var buffer = (float*)buffers[slot];
            var tile = stackalloc float[TKernel.Rows * TKernel.Columns];
            var transposed = stackalloc float[64];
            var rowFloats = (nint)(g.InWidth + (2 * g.Pad)) * g.InChannels;
            var panels = GemmPacking.BlockCount(g.OutChannels, TKernel.Columns);

            // Where each kernel row's window starts in the copy, from the tile's first position.
            var offsets = stackalloc nint[g.KernelHeight];
            for (var kh = 0; kh < g.KernelHeight; kh++)
            {
                offsets[kh] = kh * rowFloats;
            }

            // Where each position of a block starts, from its first: along one output row, or across several.
            var starts = stackalloc nint[TKernel.Rows];
            var width = Math.Min(g.OutWidth, TKernel.Rows);
            for (var r = 0; r < TKernel.Rows; r++)
            {
                starts[r] = (((r / width) * rowFloats) + ((r % width) * (nint)g.InChannels)) * g.Stride;
            }

            var lines = Lines(g, TKernel.Rows);
            while (true)
            {
                var task = Interlocked.Increment(ref *counter) - 1;
                if (task >= tasks)
                {
                    return;
                }

                var (rest, chunk) = Math.DivRem(task, rowChunks);
                var (n, panelTask) = Math.DivRem(rest, panelTasks);
                var firstRow = chunk * rowsPerChunk;
                var endRow = Math.Min(g.OutHeight, firstRow + rowsPerChunk);
                var copy = buffer;
                var firstInput = 0;
                if (shared)
                {
                    copy += (nint)n * (g.InHeight + (2 * g.Pad)) * rowFloats;
                }
                else
                {
                    firstInput = firstRow * g.Stride;
                    Copy(g, x, n, firstInput, ((endRow - 1) * g.Stride) + g.KernelHeight, copy);
                }

                var (firstPanel, endPanel) = shared ? (panelTask, panelTask + 1) : (0, panels);
                for (var panel = firstPanel; panel < endPanel; panel++)
                {
                    for (var oh = firstRow; oh < endRow; oh += lines)
                    {
                        for (var ow = 0; ow < g.OutWidth; ow += TKernel.Rows)
                        {
                            Tile(copy, firstInput, panel, n, oh, lines, ow, starts, offsets, tile, transposed);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The block at output row <paramref name="oh"/> (and the <paramref name="lines"/> − 1 after it, when it spans
        /// several), positions <paramref name="ow"/> on, panel <paramref name="panel"/> of the output channels: kernel
        /// row by kernel row from <paramref name="copy"/> (which starts at padded input row <paramref name="firstInput"/>)
        /// into <paramref name="tile"/>, then stored.
        /// </summary>
        private void Tile(
            float* copy, int firstInput, int panel, int n, int oh, int lines, int ow, nint* starts, nint* offsets, float* tile, float* transposed)
        {
            var (rows, columns) = (TKernel.Rows, TKernel.Columns);

            // Kernel rows on the top or bottom border for all of the block's output rows multiply only zeros: the rest
            // are one range.
            var kh0 = Math.Max(0, g.Pad - ((oh + lines - 1) * g.Stride));
            var kh1 = Math.Min(g.KernelHeight, g.InHeight + g.Pad - (oh * g.Stride));
            if (kh0 >= kh1)
            {
                new Span<float>(tile, rows * columns).Clear();
            }
            else
            {
                var depth = g.KernelWidth * g.InChannels;
                var a = copy + ((((nint)((oh * g.Stride) - firstInput) * (g.InWidth + (2 * g.Pad))) + (ow * g.Stride)) * g.InChannels);
                var b = weights + ((((nint)panel * g.KernelHeight) + kh0) * depth * columns);
                TKernel.RunTaps(a, starts, offsets + kh0, kh1 - kh0, b, columns, depth, tile, columns);
            }

            var positions = g.OutHeight * g.OutWidth;
            Store(tile, transposed, panel * columns, n, oh, ow, y + ((nint)n * g.OutChannels * positions), positions);
        }

        /// <summary>
        /// The tile (rows positions × columns output channels) into output row <paramref name="oh"/>, positions
        /// <paramref name="ow"/> on, of channels <paramref name="channel"/> on, through the epilogue; with 8-row
        /// blocks, eight channels at a time through <paramref name="transposed"/> (64 floats).
        /// </summary>
        private void Store(float* tile, float* transposed, int channel, int n, int oh, int ow, float* output, int positions)
        {
            var (rows, columns) = (TKernel.Rows, TKernel.Columns);
            var count = Math.Min(columns, g.OutChannels - channel);
            var position = (oh * g.OutWidth) + ow;
            var column = (n * positions) + position;
            var j = 0;
            if (rows == 8 && CpuKernels.Vector256 && Avx.IsSupported)
            {
                for (; j + 8 <= count; j += 8)
                {
                    GemmPacking.TransposeEight(tile + j, columns, transposed, 8);
                    for (var o = 0; o < 8; o++)
                    {
                        var oc = channel + j + o;
                        Vector256.Store(epilogue.Apply(Vector256.Load(transposed + (8 * o)), oc, column), output + ((nint)oc * positions) + position);
                    }
                }
            }

            for (; j < count; j++)
            {
                var oc = channel + j;
                var target = output + ((nint)oc * positions) + position;
                for (var r = 0; r < rows; r++)
                {
                    target[r] = epilogue.Apply(tile[(r * columns) + j], oc, column + r);
                }
            }
        }
    }
}
