using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// The weight gradient of a one-group, undilated convolution without im2row. x is copied once, channels last with its
/// zero border (<see cref="ChannelsLastConv.CopySamples"/>); there one output position's kernel row is KW·C contiguous
/// values, so R, the transposed columns with their taps first ((kh, kw, c), as <see cref="TapMajorWeightPanels"/>
/// orders them), has rows of KH contiguous runs. dW (tap-major) = Σ over samples of dY_n [OC, positions] · R_n. Tasks
/// expand R a slab of one sample's positions at a time into a buffer of their core's L2 and multiply it there at once
/// against dY read in place (<see cref="IMicroKernel.RunRowMajorA"/>), so R never leaves the core; im2row wrote all of
/// it first (9 times x for a 3×3 window) and the product read it back from L3 over its whole depth. A task is a group
/// of the product's column panels over a range of samples: with few panels (ResNet-18's layers) the samples are split
/// and the tasks' sums added as dW is reordered into [OC, C, KH, KW]; with many (the VGG-style net's 256-channel
/// layers) only the panels. Below <see cref="SpanningPositions"/> positions a sample, dY is gathered into
/// [OC, N·positions] first and a slab's rows run on across samples.
/// </summary>
internal static unsafe class ChannelsLastWeightGradient
{
    // Floats of one task's product (all output channels × its column group), which each of its slabs updates: 256 KB,
    // a quarter of L2.
    private const int ProductFloats = 1 << 16;

    // Floats of one slab of R (positions × the group's columns), written and then read at once: 256 KB.
    private const int SlabFloats = 1 << 16;

    // Tasks per core when the samples are split: enough that an uneven split costs little, few enough that adding the
    // tasks' sums does.
    private const int TasksPerCore = 2;

    // Below this many output positions a sample, slabs span samples (dY gathered first): a slab of one sample's
    // positions would be a product of that few steps (ResNet-18's 1×1 stride-2 shortcut into 1×1: one), each loading
    // and storing its tiles.
    private const int SpanningPositions = 8;

    // Floats past a slab row's columns: a row stride that is a whole number of cache lines but not a multiple of 1 KB,
    // whose rows would share a few of L1's sets.
    private const int RowPad = 16;

    /// <summary>Whether <paramref name="g"/>'s weight gradient runs here: one group, no dilation, a non-empty output.</summary>
    public static bool Applies(in ConvGeometry g) =>
        g.Groups == 1 && g.Dilation == 1 && g.Batch > 0 && g.OutHeight > 0 && g.OutWidth > 0;

    /// <summary>dW [OC, C, KH, KW] (overwritten) of x and dY, both NCHW.</summary>
    public static void Run(in ConvGeometry g, float* x, float* dy, float* dw, CpuWorkspace workspace)
    {
        switch (Gemm.BestKernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel>(g, x, dy, dw, workspace);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel>(g, x, dy, dw, workspace);
                break;
            default:
                Run<PortableMicroKernel>(g, x, dy, dw, workspace);
                break;
        }
    }

    private static void Run<TKernel>(in ConvGeometry g, float* x, float* dy, float* dw, CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel
    {
        var cores = Environment.ProcessorCount;
        var depth = g.KernelHeight * g.KernelWidth * g.InChannels;
        var panels = GemmPacking.BlockCount(depth, TKernel.Columns);
        var rows = GemmPacking.BlockCount(g.OutChannels, TKernel.Rows) * TKernel.Rows;

        // Column groups whose products stay in L2, a multiple of the cores when there are several; then sample ranges
        // enough for the cores.
        var groups = GemmPacking.BlockCount(panels, Math.Max(1, ProductFloats / (rows * TKernel.Columns)));
        if (groups > 1)
        {
            groups = Math.Min(panels, GemmPacking.BlockCount(groups, cores) * cores);
        }

        var groupPanels = GemmPacking.BlockCount(panels, groups);
        groups = GemmPacking.BlockCount(panels, groupPanels);
        var ranges = groups >= cores ? 1 : Math.Min(g.Batch, GemmPacking.BlockCount(TasksPerCore * cores, groups));
        var ldc = panels * TKernel.Columns;
        var slabStride = (groupPanels * TKernel.Columns) + RowPad;
        var positions = g.OutHeight * g.OutWidth;
        var spanning = positions < SpanningPositions;
        var slabPositions = Math.Clamp(SlabFloats / slabStride, 1, spanning ? g.Batch * positions : positions);
        var copyFloats = (long)g.Batch * (g.InHeight + (2 * g.Pad)) * (g.InWidth + (2 * g.Pad)) * g.InChannels;

        var tasks = groups * ranges;
        var slots = Math.Min(cores, tasks);
        var workers = workspace.Workers(slots);
        var slabs = stackalloc nint[slots];
        for (var slot = 0; slot < slots; slot++)
        {
            slabs[slot] = (nint)workers[slot].Pointer(WorkspaceSlot.Columns, slabPositions * slabStride);
        }

        var copy = workspace.Pointer(WorkspaceSlot.PaddedInput, checked((int)copyFloats));
        var products = workspace.Pointer(WorkspaceSlot.WeightGradients, checked(ranges * rows * ldc));
        var gathered = spanning ? workspace.Pointer(WorkspaceSlot.GatheredGradient, g.Batch * g.OutChannels * positions) : null;
        ChannelsLastConv.CopySamples(g, x, copy);
        if (spanning)
        {
            // dY [N, OC, positions] → [OC, N·positions]: one output channel's row runs on across the samples.
            Conv2dCpu.Gather(dy, (nint)g.OutChannels * positions, g.OutChannels, positions, g.Batch, gathered);
        }

        var counter = 0;
        var body = new Tasks<TKernel>(
            g, copy, spanning ? gathered : dy, spanning, products, ldc, rows, groupPanels, groups, ranges, slabPositions, slabStride, slabs, &counter);
        if (slots == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(slots, ref body);
        }

        var reorder = new Reorder(g, products, ranges, rows * ldc, ldc, TKernel.Rows, dw);
        var blocks = GemmPacking.BlockCount(g.OutChannels, TKernel.Rows);
        if (slots == 1)
        {
            for (var block = 0; block < blocks; block++)
            {
                reorder.Run(block);
            }
        }
        else
        {
            CpuParallel.For(blocks, ref reorder);
        }
    }

    /// <summary>
    /// One slot per core, claiming tasks from a shared counter: task t is column group t % groups over sample range
    /// t / groups, summed into that range's product.
    /// </summary>
    private readonly struct Tasks<TKernel>(
        ConvGeometry g, float* copy, float* dy, bool spanning, float* products, int ldc, int rows, int groupPanels, int groups, int ranges,
        int slabPositions, int slabStride, nint* slabs, int* counter) : IParallelBody
        where TKernel : struct, IMicroKernel
    {
        public void Run(int slot)
        {
            var slab = (float*)slabs[slot];
            for (var task = Interlocked.Increment(ref *counter) - 1; task < groups * ranges; task = Interlocked.Increment(ref *counter) - 1)
            {
                var (range, group) = Math.DivRem(task, groups);
                Task(slab, group, range);
            }
        }

        private void Task(float* slab, int group, int range)
        {
            var depth = g.KernelHeight * g.KernelWidth * g.InChannels;
            var firstPanel = group * groupPanels;
            var panelCount = Math.Min(groupPanels, GemmPacking.BlockCount(depth, TKernel.Columns) - firstPanel);
            var firstColumn = firstPanel * TKernel.Columns;
            var columns = panelCount * TKernel.Columns;
            var positions = g.OutHeight * g.OutWidth;
            var product = products + ((nint)range * rows * ldc) + firstColumn;
            var first = true;
            var end = g.Batch * (range + 1) / ranges * positions;
            for (var r0 = g.Batch * range / ranges * positions; r0 < end;)
            {
                // A slab's rows are (sample, position) pairs; they cross samples only where dY was gathered.
                var (n, p0) = Math.DivRem(r0, positions);
                var count = Math.Min(slabPositions, (spanning ? end : r0 - p0 + positions) - r0);
                var lda = spanning ? g.Batch * positions : positions;
                var a = spanning ? dy + r0 : dy + ((nint)n * g.OutChannels * positions) + p0;
                Expand(r0, count, firstColumn, columns, slab);
                for (var panel = 0; panel < panelCount; panel++)
                {
                    for (var row = 0; row < g.OutChannels; row += TKernel.Rows)
                    {
                        TKernel.RunRowMajorA(
                            a + ((nint)row * lda), lda, Math.Min(TKernel.Rows, g.OutChannels - row),
                            slab + (panel * TKernel.Columns), slabStride, count,
                            product + ((nint)row * ldc) + (panel * TKernel.Columns), ldc, !first,
                            default(ActivationEpilogue<IdentityActivation>), 0, 0);
                    }
                }

                first = false;
                r0 += count;
            }
        }

        /// <summary>
        /// Rows [r0, r0 + count) of R, row r being sample r / positions at position r % positions, columns
        /// [firstColumn, firstColumn + columns), into the slab: each kernel row's run of KW·C values cut to the columns,
        /// zeros past R's depth.
        /// </summary>
        private void Expand(int r0, int count, int firstColumn, int columns, float* slab)
        {
            var run = g.KernelWidth * g.InChannels;
            var depth = g.KernelHeight * run;
            var positions = g.OutHeight * g.OutWidth;
            var rowFloats = (nint)(g.InWidth + (2 * g.Pad)) * g.InChannels;
            var sampleFloats = (g.InHeight + (2 * g.Pad)) * rowFloats;
            var endColumn = Math.Min(depth, firstColumn + columns);
            var firstRow = firstColumn / run;
            var endRow = GemmPacking.BlockCount(endColumn, run);
            for (var i = 0; i < count; i++)
            {
                var (n, p) = Math.DivRem(r0 + i, positions);
                var (oh, ow) = Math.DivRem(p, g.OutWidth);
                var target = slab + ((nint)i * slabStride) - firstColumn;
                var window = copy + (n * sampleFloats) + ((nint)oh * g.Stride * rowFloats) + ((nint)ow * g.Stride * g.InChannels);
                for (var kh = firstRow; kh < endRow; kh++)
                {
                    var start = Math.Max(firstColumn, kh * run);
                    var end = Math.Min(endColumn, (kh + 1) * run);
                    CopyRun(window + (kh * rowFloats) + (start - (kh * run)), target + start, end - start);
                }

                if (endColumn < firstColumn + columns)
                {
                    new Span<float>(target + endColumn, firstColumn + columns - endColumn).Clear();
                }
            }
        }
    }

    /// <summary>Copies <paramref name="length"/> floats, 16 at a time where a vector fits (the last one overlapping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(float* source, float* target, int length)
    {
        if (!CpuKernels.Vector512 || length < Vector512<float>.Count)
        {
            new ReadOnlySpan<float>(source, length).CopyTo(new Span<float>(target, length));
            return;
        }

        var last = length - Vector512<float>.Count;
        for (var i = 0; i < last; i += Vector512<float>.Count)
        {
            Vector512.Store(Vector512.Load(source + i), target + i);
        }

        Vector512.Store(Vector512.Load(source + last), target + last);
    }

    /// <summary>Per block of output channels: dW [OC, C, KH, KW] = the sum of the ranges' tap-major products.</summary>
    private readonly struct Reorder(ConvGeometry g, float* products, int ranges, int rangeStride, int ldc, int blockRows, float* dw) : IParallelBody
    {
        public void Run(int block)
        {
            var taps = g.KernelHeight * g.KernelWidth;
            var depth = taps * g.InChannels;
            var end = Math.Min(g.OutChannels, (block + 1) * blockRows);
            for (var oc = block * blockRows; oc < end; oc++)
            {
                var row = products + ((nint)oc * ldc);
                for (var range = 1; range < ranges; range++)
                {
                    var other = row + ((nint)range * rangeStride);
                    var j = 0;
                    for (; j + Vector<float>.Count <= depth; j += Vector<float>.Count)
                    {
                        Vector.Store(Vector.Load(row + j) + Vector.Load(other + j), row + j);
                    }

                    for (; j < depth; j++)
                    {
                        row[j] += other[j];
                    }
                }

                TapMajorOrder.ToChannelMajor(row, g.InChannels, taps, dw + ((nint)oc * depth));
            }
        }
    }
}
