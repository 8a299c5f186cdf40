using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// The convolution's GEMM over a whole batch (implicit GEMM): C[m, (n, p)] = epilogue(A · B) where A is an m × depth
/// operand packed once (a weight, from <see cref="PackedWeightCache"/>) and B the batch's columns
/// (<see cref="ConvColumns"/>), packed panel by panel as the work goes. C row m of sample n lies at
/// output + n·sampleStride + m·positions: NCHW, so a convolution's output goes straight into y.
/// </summary>
/// <remarks>
/// The batch's columns are cut into blocks of a few panels (one depth slice of a block, about 256 KB, stays in L2);
/// a task is one block against a range of A's row blocks, run slice by slice of the depth into an accumulator, then
/// stored through the epilogue to wherever its columns' samples lie. Tasks are claimed from a shared counter by one
/// slot per core, each slot packing into its own buffer, and a slot that claims another range of the block it packed
/// last does not pack it again. Where there are blocks enough for every core, a task takes all of a block's row
/// ranges, so no block is packed twice.
/// </remarks>
internal static unsafe class ConvGemm
{
    // Below this many flops the product runs on the calling thread.
    private const long ParallelFlops = 1L << 20;

    // Floats of one depth slice of a packed block: 256 KB.
    private const int BlockFloats = 1 << 16;

    // Depth per slice of the k loop: A's slice of a row block is 8 KB (L1), a panel's 32 KB.
    private const int DepthBlock = 256;

    // Floats of partial sums a task keeps: 256 KB.
    private const int AccumulatorFloats = 1 << 16;

    // Enough tasks per core that an uneven split costs little.
    private const int TasksPerCore = 4;

    /// <summary>The rows of a packed A block on this machine's micro-kernel.</summary>
    public static int BlockRows => Gemm.BestKernel switch
    {
        GemmKernel.Avx512 => Avx512MicroKernel.Rows,
        GemmKernel.Avx2 => Avx2MicroKernel.Rows,
        _ => PortableMicroKernel.Rows,
    };

    /// <summary>C = epilogue(A · B) over <paramref name="batch"/> samples; see the class remarks.</summary>
    public static void Run<TPanels, TEpilogue>(
        float* packedA, int m, in TPanels columns, int batch, float* output, nint sampleStride, TEpilogue epilogue, CpuWorkspace workspace)
        where TPanels : struct, IConvPanels
        where TEpilogue : struct, IEpilogue
    {
        switch (Gemm.BestKernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel, TPanels, TEpilogue>(packedA, m, columns, batch, output, sampleStride, epilogue, workspace);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel, TPanels, TEpilogue>(packedA, m, columns, batch, output, sampleStride, epilogue, workspace);
                break;
            default:
                Run<PortableMicroKernel, TPanels, TEpilogue>(packedA, m, columns, batch, output, sampleStride, epilogue, workspace);
                break;
        }
    }

    private static void Run<TKernel, TPanels, TEpilogue>(
        float* packedA, int m, in TPanels columns, int batch, float* output, nint sampleStride, TEpilogue epilogue, CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel
        where TPanels : struct, IConvPanels
        where TEpilogue : struct, IEpilogue
    {
        var total = (long)batch * columns.Positions;
        var depth = columns.Depth;
        if (m == 0 || total == 0)
        {
            return;
        }

        var width = TKernel.Columns;
        var rowBlocks = GemmPacking.BlockCount(m, TKernel.Rows);
        var panels = (int)((total + width - 1) / width);
        var cores = 2L * m * depth * total < ParallelFlops ? 1 : Environment.ProcessorCount;
        var kc = Math.Min(depth, DepthBlock);

        // Row chunks of at least 4 row blocks (so a packed block serves many rows), column blocks as wide as the L2
        // budget of one depth slice allows, and together about TasksPerCore tasks per core.
        var chunks = Math.Clamp(rowBlocks / 4, 1, TasksPerCore * cores);
        var wantedBlocks = GemmPacking.BlockCount(TasksPerCore * cores, chunks);
        var panelsPerBlock = Math.Clamp(GemmPacking.BlockCount(panels, wantedBlocks), 1, Math.Max(1, BlockFloats / (width * kc)));
        var blocks = GemmPacking.BlockCount(panels, panelsPerBlock);
        var blocksPerChunk = GemmPacking.BlockCount(rowBlocks, chunks);
        while (blocksPerChunk > 1 && (long)blocksPerChunk * TKernel.Rows * panelsPerBlock * width > AccumulatorFloats)
        {
            blocksPerChunk = (blocksPerChunk + 1) / 2;
        }

        chunks = GemmPacking.BlockCount(rowBlocks, blocksPerChunk);

        // With blocks enough to share among the cores, a task is a whole block (all its row chunks): the cores then
        // never pack the same block twice, as two that claimed neighbouring chunks of one block did.
        var wholeBlocks = blocks >= 2 * cores;
        var tasks = wholeBlocks ? blocks : blocks * chunks;
        var slots = (int)Math.Min(cores, tasks);

        var workers = workspace.Workers(slots);
        var buffers = stackalloc nint[2 * slots];
        var packedBlock = stackalloc int[slots];
        var bufferLength = panelsPerBlock * width * depth;
        var accumulatorLength = blocksPerChunk * TKernel.Rows * panelsPerBlock * width;
        for (var slot = 0; slot < slots; slot++)
        {
            // Pinned buffers, so their addresses hold.
            buffers[2 * slot] = (nint)workers[slot].Pointer(WorkspaceSlot.Columns, bufferLength);
            buffers[(2 * slot) + 1] = (nint)workers[slot].Pointer(WorkspaceSlot.ColumnGradients, accumulatorLength);
            packedBlock[slot] = -1;
        }

        var counter = 0;
        var body = new Tasks<TKernel, TPanels, TEpilogue>(
            packedA, m, columns, batch, total, output, sampleStride, epilogue,
            rowBlocks, panelsPerBlock, chunks, blocksPerChunk, wholeBlocks, tasks, kc, buffers, packedBlock, &counter);
        if (slots == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(slots, ref body);
        }
    }

    private readonly struct Tasks<TKernel, TPanels, TEpilogue>(
        float* packedA, int m, TPanels columns, int batch, long total, float* output, nint sampleStride, TEpilogue epilogue,
        int rowBlocks, int panelsPerBlock, int chunks, int blocksPerChunk, bool wholeBlocks, int tasks, int kc, nint* buffers, int* packedBlock,
        int* counter)
        : IParallelBody
        where TKernel : struct, IMicroKernel
        where TPanels : struct, IConvPanels
        where TEpilogue : struct, IEpilogue
    {
        public void Run(int slot)
        {
            var width = TKernel.Columns;
            var blockRows = TKernel.Rows;
            var depth = columns.Depth;
            var buffer = (float*)buffers[2 * slot];
            var accumulator = (float*)buffers[(2 * slot) + 1];
            var accumulatorStride = (nint)panelsPerBlock * width;
            var identity = default(ActivationEpilogue<IdentityActivation>);

            // Per panel of the packed block, the depth ranges the product runs over (the rest of its rows are zero).
            const int MaxRanges = IConvPanels.MaxRanges;
            var ranges = stackalloc int[panelsPerBlock * 2 * MaxRanges];
            var rangeCounts = stackalloc int[panelsPerBlock];
            while (true)
            {
                var task = Interlocked.Increment(ref *counter) - 1;
                if (task >= tasks)
                {
                    return;
                }

                var (block, firstChunk) = wholeBlocks ? (task, 0) : Math.DivRem(task, chunks);
                var endChunk = wholeBlocks ? chunks : firstChunk + 1;
                var firstColumn = (long)block * panelsPerBlock * width;
                var blockColumns = (int)Math.Min((long)panelsPerBlock * width, total - firstColumn);
                var blockPanels = GemmPacking.BlockCount(blockColumns, width);
                if (packedBlock[slot] != block)
                {
                    for (var panel = 0; panel < blockPanels; panel++)
                    {
                        var count = Math.Min(width, blockColumns - panel * width);
                        columns.Pack(firstColumn + panel * width, count, width, buffer + (nint)panel * width * depth);
                        rangeCounts[panel] = columns.Ranges(firstColumn + panel * width, count, ranges + panel * 2 * MaxRanges);
                    }

                    packedBlock[slot] = block;
                }

                for (var chunk = firstChunk; chunk < endChunk; chunk++)
                {
                    // Depth slice by depth slice: A's slice of a row block (8 × kc) is reused across the block's panels
                    // from L1, the panels' slices (kc × 32 each) across the chunk's row blocks from L2; partial sums
                    // stay in the accumulator.
                    var firstBlock = chunk * blocksPerChunk;
                    var endBlock = Math.Min(firstBlock + blocksPerChunk, rowBlocks);
                    // A panel's tile starts at its first range and accumulates over the rest; one with none is zero.
                    for (var k0 = 0; k0 < depth; k0 += kc)
                    {
                        var k1 = Math.Min(depth, k0 + kc);
                        for (var rowBlock = firstBlock; rowBlock < endBlock; rowBlock++)
                        {
                            var a = packedA + (nint)rowBlock * depth * blockRows;
                            var target = accumulator + (nint)(rowBlock - firstBlock) * blockRows * accumulatorStride;
                            for (var panel = 0; panel < blockPanels; panel++)
                            {
                                var b = buffer + (nint)panel * depth * width;
                                var tile = target + (nint)panel * width;
                                var spans = ranges + panel * 2 * MaxRanges;
                                if (rangeCounts[panel] == 0 && k0 == 0)
                                {
                                    TKernel.Run(a, b, width, 0, tile, accumulatorStride, false, identity, 0, 0);
                                }

                                for (var r = 0; r < rangeCounts[panel]; r++)
                                {
                                    var start = Math.Max(spans[2 * r], k0);
                                    var end = Math.Min(spans[(2 * r) + 1], k1);
                                    if (start < end)
                                    {
                                        TKernel.Run(a + (nint)start * blockRows, b + (nint)start * width, width, end - start, tile,
                                            accumulatorStride, start > spans[0], identity, 0, 0);
                                    }
                                }
                            }
                        }
                    }

                    for (var rowBlock = firstBlock; rowBlock < endBlock; rowBlock++)
                    {
                        var row = rowBlock * blockRows;
                        Store(accumulator + (nint)(rowBlock - firstBlock) * blockRows * accumulatorStride, accumulatorStride,
                            Math.Min(blockRows, m - row), blockColumns, row, firstColumn);
                    }
                }
            }
        }

        /// <summary>Stores rows × count accumulated values to their samples and positions through the epilogue.</summary>
        private void Store(float* tile, nint tileStride, int rows, int count, int row, long column)
        {
            var positions = columns.Positions;
            if (TPanels.SamplesInner)
            {
                // Successive columns are successive samples at one position: sample by sample, the block's positions
                // are stored side by side (one cache line of output each), read from the tile a batch apart; eight
                // whole positions at a time as one gathered vector, through the epilogue's vector form.
                var firstPosition = column / batch;
                var lastPosition = (column + count - 1) / batch;
                var vectorEnd = firstPosition;
                if (CpuKernels.Vector256 && Avx2.IsSupported && column % batch == 0)
                {
                    vectorEnd += count / batch / Vector256<float>.Count * Vector256<float>.Count;
                    var apart = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * batch;
                    for (var r = 0; r < rows; r++)
                    {
                        var source = tile + (r * tileStride) - column;
                        for (var n = 0; n < batch; n++)
                        {
                            var target = output + n * sampleStride + (nint)(row + r) * positions;
                            for (var p = firstPosition; p < vectorEnd; p += Vector256<float>.Count)
                            {
                                var values = Avx2.GatherVector256(source + (p * batch) + n, apart, sizeof(float));
                                Vector256.Store(epilogue.Apply(values, row + r, (int)((n * positions) + p)), target + p);
                            }
                        }
                    }
                }

                for (var r = 0; r < rows; r++)
                {
                    var source = tile + (r * tileStride) - column;
                    for (var n = 0; n < batch; n++)
                    {
                        var target = output + n * sampleStride + (nint)(row + r) * positions;
                        for (var p = vectorEnd; p <= lastPosition; p++)
                        {
                            var at = (p * batch) + n;
                            if (at >= column && at < column + count)
                            {
                                target[p] = epilogue.Apply(source[at], row + r, (int)((n * positions) + p));
                            }
                        }
                    }
                }

                return;
            }

            var j = 0;
            while (j < count)
            {
                var (n, p) = Math.DivRem(column + j, positions);
                // The epilogue's column is the batch-wide one, sample after sample, so it can find its sample.
                var batchColumn = (int)(column + j);
                var segment = (int)Math.Min(positions - p, count - j);
                for (var r = 0; r < rows; r++)
                {
                    var target = output + n * sampleStride + (nint)(row + r) * positions + p;
                    var source = tile + r * tileStride + j;
                    var t = 0;
                    if (CpuKernels.Vector512)
                    {
                        for (; t + Vector512<float>.Count <= segment; t += Vector512<float>.Count)
                        {
                            Vector512.Store(epilogue.Apply(Vector512.Load(source + t), row + r, batchColumn + t), target + t);
                        }
                    }

                    if (CpuKernels.Vector256)
                    {
                        for (; t + Vector256<float>.Count <= segment; t += Vector256<float>.Count)
                        {
                            Vector256.Store(epilogue.Apply(Vector256.Load(source + t), row + r, batchColumn + t), target + t);
                        }
                    }

                    for (; t < segment; t++)
                    {
                        target[t] = epilogue.Apply(source[t], row + r, batchColumn + t);
                    }
                }

                j += segment;
            }
        }
    }
}
