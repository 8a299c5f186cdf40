using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// The convolution's GEMM over a whole batch (implicit GEMM): C[m, (n, p)] = epilogue(A · B) where A is an m × depth
/// operand packed once (a weight, from <see cref="PackedWeightCache"/>) and B the batch's columns
/// (<see cref="ConvColumns"/>), packed panel by panel as the work goes. C row m of sample n lies at
/// output + n·sampleStride + m·positions: NCHW, so a convolution's output goes straight into y.
/// </summary>
/// <remarks>
/// The batch's columns are cut into blocks of a few panels (about 256 KB, so a block stays in L2 while A's row blocks
/// stream past it); a task is one block against a range of A's row blocks. Tasks are claimed from a shared counter by
/// one slot per core, each slot packing into its own buffer, and a slot that claims another range of the block it
/// packed last does not pack it again. Tiles that cross a sample boundary or the edge of C go through a stack tile.
/// </remarks>
internal static unsafe class ConvGemm
{
    // Below this many flops the product runs on the calling thread.
    private const long ParallelFlops = 1L << 20;

    // Floats of packed columns per block: 256 KB.
    private const int BlockFloats = 1 << 16;

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
    public static void Run<TEpilogue>(
        float* packedA, int m, in ConvColumns columns, int batch, float* output, nint sampleStride, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        switch (Gemm.BestKernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel, TEpilogue>(packedA, m, columns, batch, output, sampleStride, epilogue, workspace);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel, TEpilogue>(packedA, m, columns, batch, output, sampleStride, epilogue, workspace);
                break;
            default:
                Run<PortableMicroKernel, TEpilogue>(packedA, m, columns, batch, output, sampleStride, epilogue, workspace);
                break;
        }
    }

    private static void Run<TKernel, TEpilogue>(
        float* packedA, int m, in ConvColumns columns, int batch, float* output, nint sampleStride, TEpilogue epilogue, CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel
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

        // Blocks of at most BlockFloats (at least one panel), and at least two per core when there are enough panels.
        var panelsPerBlock = Math.Max(1, Math.Min(BlockFloats / Math.Max(1, width * depth), GemmPacking.BlockCount(panels, 2 * cores)));
        var blocks = GemmPacking.BlockCount(panels, panelsPerBlock);
        var chunks = Math.Clamp(GemmPacking.BlockCount(TasksPerCore * cores, blocks), 1, rowBlocks);
        var blocksPerChunk = GemmPacking.BlockCount(rowBlocks, chunks);
        chunks = GemmPacking.BlockCount(rowBlocks, blocksPerChunk);
        var tasks = blocks * chunks;
        var slots = (int)Math.Min(cores, tasks);

        var workers = workspace.Workers(slots);
        var buffers = stackalloc nint[slots];
        var packedBlock = stackalloc int[slots];
        var bufferLength = panelsPerBlock * width * depth;
        for (var slot = 0; slot < slots; slot++)
        {
            var buffer = workers[slot].Get(WorkspaceSlot.Columns, bufferLength);
            buffers[slot] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer)); // pinned
            packedBlock[slot] = -1;
        }

        var counter = 0;
        var body = new Tasks<TKernel, TEpilogue>(
            packedA, m, columns, total, output, sampleStride, epilogue,
            rowBlocks, panelsPerBlock, chunks, blocksPerChunk, tasks, buffers, packedBlock, &counter);
        if (slots == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(slots, ref body);
        }
    }

    private readonly struct Tasks<TKernel, TEpilogue>(
        float* packedA, int m, ConvColumns columns, long total, float* output, nint sampleStride, TEpilogue epilogue,
        int rowBlocks, int panelsPerBlock, int chunks, int blocksPerChunk, int tasks, nint* buffers, int* packedBlock, int* counter)
        : IParallelBody
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        [SkipLocalsInit]
        public void Run(int slot)
        {
            var width = TKernel.Columns;
            var blockRows = TKernel.Rows;
            var depth = columns.Depth;
            var positions = columns.Positions;
            var buffer = (float*)buffers[slot];
            var edge = stackalloc float[blockRows * width];
            while (true)
            {
                var task = Interlocked.Increment(ref *counter) - 1;
                if (task >= tasks)
                {
                    return;
                }

                var (block, chunk) = Math.DivRem(task, chunks);
                var firstColumn = (long)block * panelsPerBlock * width;
                var blockColumns = (int)Math.Min((long)panelsPerBlock * width, total - firstColumn);
                var blockPanels = GemmPacking.BlockCount(blockColumns, width);
                if (packedBlock[slot] != block)
                {
                    for (var panel = 0; panel < blockPanels; panel++)
                    {
                        var count = Math.Min(width, blockColumns - panel * width);
                        columns.Pack(firstColumn + panel * width, count, width, buffer + (nint)panel * width * depth);
                    }

                    packedBlock[slot] = block;
                }

                var firstBlock = chunk * blocksPerChunk;
                var endBlock = Math.Min(firstBlock + blocksPerChunk, rowBlocks);
                for (var rowBlock = firstBlock; rowBlock < endBlock; rowBlock++)
                {
                    var row = rowBlock * blockRows;
                    var rows = Math.Min(blockRows, m - row);
                    var a = packedA + (nint)row * depth;
                    for (var panel = 0; panel < blockPanels; panel++)
                    {
                        var column = firstColumn + panel * width;
                        var count = Math.Min(width, blockColumns - panel * width);
                        var b = buffer + (nint)panel * width * depth;
                        var (n, p) = Math.DivRem(column, positions);
                        if (rows == blockRows && count == width && p + width <= positions)
                        {
                            TKernel.Run(a, b, width, depth, output + n * sampleStride + (nint)row * positions + p, positions, false, epilogue, row, (int)p);
                            continue;
                        }

                        TKernel.Run(a, b, width, depth, edge, width, false, default(ActivationEpilogue<IdentityActivation>), 0, 0);
                        Scatter(edge, width, rows, count, row, column);
                    }
                }
            }
        }

        /// <summary>Stores the first rows × count values of a stack tile to their samples and positions.</summary>
        private void Scatter(float* tile, int width, int rows, int count, int row, long column)
        {
            var positions = columns.Positions;
            var j = 0;
            while (j < count)
            {
                var (n, p) = Math.DivRem(column + j, positions);
                var segment = (int)Math.Min(positions - p, count - j);
                for (var r = 0; r < rows; r++)
                {
                    var target = output + n * sampleStride + (nint)(row + r) * positions + p;
                    var source = tile + r * width + j;
                    var t = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        for (; t + Vector512<float>.Count <= segment; t += Vector512<float>.Count)
                        {
                            Vector512.Store(epilogue.Apply(Vector512.Load(source + t), row + r, (int)p + t), target + t);
                        }
                    }

                    for (; t < segment; t++)
                    {
                        target[t] = epilogue.Apply(source[t], row + r, (int)p + t);
                    }
                }

                j += segment;
            }
        }
    }
}
