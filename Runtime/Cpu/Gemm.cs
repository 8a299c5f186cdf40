using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// Packed-panel single-precision GEMM: C = epilogue((accumulate ? C : 0) + op(A)·op(B)), where op transposes when
/// asked. Both operands are packed into workspace buffers (which absorbs the transposes and the ragged edges), then
/// (column panel × row chunk) tiles run in parallel through a register-blocked micro-kernel.
/// </summary>
public static class Gemm
{
    // Below about a megaflop the fork/join costs more than it saves (unless B alone is a megabyte: IsParallel).
    private const long ParallelFlopThreshold = 1L << 20;

    // A B of this many floats (1 MB) is read from beyond L2 however few rows use it.
    private const long ParallelStreamFloats = 1L << 18;

    // See ReadsBInPlace: at most this many rows of A, or a B span of at most this many floats (1 MB, Zen 4/5 L2).
    private const int InPlaceBMaxRows = 128;
    private const long InPlaceBMaxSpan = 1L << 18;

    // Products of at most this many rows run row by row (IMicroKernel.RunRow) instead of in packed row blocks.
    private const int SingleRowsMax = 2;

    // Enough tiles per core that an uneven split costs little.
    private const int TilesPerCore = 4;

    // A prepacked B of at least this many floats (2 MB, twice L2) is taken to come from memory: the first row block
    // of each tile prefetches it (IMicroKernel.RunStreamingB). Weights packed as B at batch 1 (VGG's 512-channel layers
    // are 9.4 MB each) are read once per pass.
    private const long StreamedBFloats = 1L << 19;

    // Operands of at least this many floats (128 KB: LeNet's 400 × 120 dense weight, repacked after every step) are
    // packed on all cores.
    internal const long ParallelPackFloats = 1L << 15;

    /// <summary>The micro-kernel of this process's <see cref="CpuKernels.Path"/>.</summary>
    internal static GemmKernel BestKernel { get; } =
        CpuKernels.Path switch
        {
            CpuKernelPath.Vector512 => GemmKernel.Avx512,
            CpuKernelPath.Vector256 => GemmKernel.Avx2,
            _ => GemmKernel.Portable,
        };

    /// <summary>
    /// C (m × n, row stride <paramref name="ldc"/>) = epilogue((accumulate ? C : 0) + op(A)·op(B)), where op(A) is
    /// m × k and op(B) is k × n. A is m × k with row stride <paramref name="lda"/>, or k × m when
    /// <paramref name="transposeA"/>; likewise B is k × n or n × k. C must not overlap A or B.
    /// </summary>
    public static void Multiply<TEpilogue>(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, bool accumulate,
        TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue =>
        Multiply(BestKernel, m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate, epilogue, workspace);

    /// <summary><see cref="Multiply{TEpilogue}(int, int, int, ReadOnlySpan{float}, int, bool, ReadOnlySpan{float}, int, bool, Span{float}, int, bool, TEpilogue, CpuWorkspace)"/> on a chosen micro-kernel.</summary>
    internal static void Multiply<TEpilogue>(
        GemmKernel kernel,
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, bool accumulate,
        TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"GEMM sizes must be ≥ 0, got m={m}, n={n}, k={k}.");
        }

        CheckOperand("A", a.Length, transposeA ? k : m, transposeA ? m : k, lda);
        CheckOperand("B", b.Length, transposeB ? n : k, transposeB ? k : n, ldb);
        CheckOperand("C", c.Length, m, n, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        switch (kernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, b, ldb, transposeB, false, c, ldc, accumulate, epilogue, workspace);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, b, ldb, transposeB, false, c, ldc, accumulate, epilogue, workspace);
                break;
            default:
                Run<PortableMicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, b, ldb, transposeB, false, c, ldc, accumulate, epilogue, workspace);
                break;
        }
    }

    /// <summary>The columns of a packed B panel (and of a micro-kernel tile) on this machine.</summary>
    internal static int PanelWidth => PanelColumns(BestKernel);

    /// <summary>Whether a prepacked k × n B is taken to come from memory, and the first row block of each tile prefetches it.</summary>
    internal static bool StreamsB(int n, int k) => (long)n * k >= StreamedBFloats;

    /// <summary>The floats <see cref="PackB"/> writes for a k × n operand on this machine's micro-kernel.</summary>
    internal static int PackedBLength(int n, int k) => checked((int)GemmPacking.PackedBLength(n, k, PanelColumns(BestKernel)));

    /// <summary>
    /// Packs op(B) (k × n; B is n × k when <paramref name="transposeB"/>) into the panels
    /// <see cref="MultiplyPackedB"/> reads, so an operand used by many products (a recurrent weight) is packed once.
    /// </summary>
    internal static unsafe void PackB(int n, int k, ReadOnlySpan<float> b, int ldb, bool transposeB, Span<float> packed)
    {
        CheckOperand("B", b.Length, transposeB ? n : k, transposeB ? k : n, ldb);
        var panelColumns = PanelColumns(BestKernel);
        if (packed.Length < PackedBLength(n, k))
        {
            throw new ArgumentException($"Packed B needs {PackedBLength(n, k)} floats, got {packed.Length}.", nameof(packed));
        }

        fixed (float* bStart = b, packedStart = packed)
        {
            // A weight repacked after every optimiser step (a recurrent layer's 1 MB W_ih) costs a serial pass as long
            // as a tenth of the product, so large operands pack their panels in parallel.
            var panels = new PackBPanels(bStart, ldb, transposeB, n, k, panelColumns, packedStart);
            var count = GemmPacking.BlockCount(n, panelColumns);
            if ((long)n * k >= ParallelPackFloats)
            {
                CpuParallel.For(count, ref panels);
            }
            else
            {
                for (var panel = 0; panel < count; panel++)
                {
                    panels.Run(panel);
                }
            }
        }
    }

    /// <summary>The panels of one <see cref="PackB"/>, one iteration each.</summary>
    private readonly unsafe struct PackBPanels(float* b, int ldb, bool transposeB, int n, int k, int panelColumns, float* packed) : IParallelBody
    {
        public void Run(int panel) => GemmPacking.PackB(b, ldb, transposeB, n, k, panelColumns, panel, packed);
    }

    /// <summary>
    /// <see cref="Multiply{TEpilogue}(int, int, int, ReadOnlySpan{float}, int, bool, ReadOnlySpan{float}, int, bool, Span{float}, int, bool, TEpilogue, CpuWorkspace)"/>
    /// with B already packed by <see cref="PackB"/>.
    /// </summary>
    internal static void MultiplyPackedB<TEpilogue>(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> packedB,
        Span<float> c, int ldc, bool accumulate,
        TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        ArgumentNullException.ThrowIfNull(workspace);
        CheckOperand("A", a.Length, transposeA ? k : m, transposeA ? m : k, lda);
        CheckOperand("C", c.Length, m, n, ldc);
        if (packedB.Length < PackedBLength(n, k))
        {
            throw new ArgumentException($"Packed B needs {PackedBLength(n, k)} floats, got {packedB.Length}.", nameof(packedB));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        switch (BestKernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, packedB, 0, false, true, c, ldc, accumulate, epilogue, workspace);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, packedB, 0, false, true, c, ldc, accumulate, epilogue, workspace);
                break;
            default:
                Run<PortableMicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, packedB, 0, false, true, c, ldc, accumulate, epilogue, workspace);
                break;
        }
    }

    /// <summary>
    /// C (m × n, row stride <paramref name="ldc"/>) = A·B over depths [<paramref name="from"/>, <paramref name="from"/>
    /// + <paramref name="depth"/>) of a product of depth <paramref name="k"/>, on the calling thread, with both operands
    /// packed already: A in the AVX-512 kernel's row blocks (as <see cref="GemmPacking.PackA"/> writes them), B by
    /// <see cref="PackB"/>. One slice of a product whose depth is split across the cores, each slice into its own C
    /// (<see cref="SmallPlaneRows.Multiply"/>); only where <see cref="BestKernel"/> is <see cref="GemmKernel.Avx512"/>.
    /// </summary>
    internal static unsafe void MultiplyPackedABDepth(int m, int n, int k, int from, int depth, float* packedA, float* packedB, float* c, int ldc)
    {
        var source = new PanelSource(packedB, 0, 0, packedB, Avx512MicroKernel.Columns, k);
        var rowBlocks = GemmPacking.BlockCount(m, Avx512MicroKernel.Rows);
        var streamB = StreamsB(n, k);
        for (var panel = 0; panel < GemmPacking.BlockCount(n, Avx512MicroKernel.Columns); panel++)
        {
            RunTile<Avx512MicroKernel, ActivationEpilogue<IdentityActivation>>(
                m, n, k, from, depth, packedA, source, c, ldc, false, default, panel, 0, rowBlocks, streamB);
        }
    }

    private static int PanelColumns(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Avx512 => Avx512MicroKernel.Columns,
        GemmKernel.Avx2 => Avx2MicroKernel.Columns,
        _ => PortableMicroKernel.Columns,
    };

    private static void CheckOperand(string name, int length, int rows, int columns, int stride)
    {
        if (stride < columns || stride < 1)
        {
            throw new ArgumentException($"GEMM operand {name} is stored {rows} × {columns}; its row stride must be ≥ {Math.Max(columns, 1)}, got {stride}.");
        }

        long needed = rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * stride + columns;
        if (length < needed)
        {
            throw new ArgumentException(
                $"GEMM operand {name} is stored {rows} × {columns} with row stride {stride}, which needs {needed} values; got {length}.");
        }
    }

    private static unsafe void Run<TKernel, TEpilogue>(
        int m, int n, int k,
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB, bool bIsPacked,
        Span<float> c, int ldc, bool accumulate,
        TEpilogue epilogue, CpuWorkspace workspace)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        var blockRows = TKernel.Rows;
        var panelColumns = TKernel.Columns;
        var rowBlocks = GemmPacking.BlockCount(m, blockRows);
        var panels = GemmPacking.BlockCount(n, panelColumns);

        // A row-major B is read in place (its rows are the panels' k-rows); only a ragged last panel is packed, so
        // the kernel never reads past column n. A transposed B is packed whole.
        var fullPanelsInPlace = !bIsPacked && ReadsBInPlace(m, k, ldb, transposeB) ? n / panelColumns : 0;
        var packedPanels = bIsPacked ? 0 : panels - fullPanelsInPlace;
        // A row or two (a dense layer at batch 1) is read in place, row by row: a packed block would be mostly padding.
        var packsA = m > SingleRowsMax;
        var packedBlocks = packsA ? rowBlocks : 0;
        var packedA = packsA ? workspace.Pointer(WorkspaceSlot.GemmPackedA, checked((int)GemmPacking.PackedALength(m, k, blockRows))) : null;
        var packedB = workspace.Pointer(WorkspaceSlot.GemmPackedB, checked(packedPanels * panelColumns * k));
        var parallel = IsParallel(m, n, k);

        fixed (float* aFixed = a, bFixed = b, cFixed = c)
        {
            var pack = new PackJobs(aFixed, lda, transposeA, m, k, blockRows, packedBlocks, packedA,
                bFixed, ldb, transposeB, n, panelColumns, fullPanelsInPlace, packedB);
            var packJobs = packedBlocks + packedPanels;
            if (parallel && packJobs > 1)
            {
                CpuParallel.For(packJobs, ref pack);
            }
            else
            {
                for (var job = 0; job < packJobs; job++)
                {
                    pack.Run(job);
                }
            }

            var source = new PanelSource(bFixed, ldb, fullPanelsInPlace, bIsPacked ? bFixed : packedB, panelColumns, k);
            if (packsA)
            {
                var streamB = bIsPacked && StreamsB(n, k);
                Compute<TKernel, TEpilogue>(m, n, k, packedA, source, cFixed, ldc, accumulate, epilogue, parallel, streamB);
                return;
            }

            var rowPanels = new RowPanels<TKernel, TEpilogue>(m, n, k, aFixed, lda, transposeA, source, cFixed, ldc, accumulate, epilogue);
            if (parallel && panels > 1)
            {
                CpuParallel.For(panels, ref rowPanels);
            }
            else
            {
                for (var panel = 0; panel < panels; panel++)
                {
                    rowPanels.Run(panel);
                }
            }
        }
    }

    /// <summary>
    /// Reading B in place saves a full copy of it, but a panel's k-rows then lie <paramref name="ldb"/> apart, and
    /// when the panel spans more than L2 (1024³: 4 KB strides, 4 MB) the many row blocks that reuse it miss (1024³ ran
    /// at 0.65× of packed). So: in place when few row blocks reuse each panel, or when the span is L2-sized.
    /// </summary>
    private static bool ReadsBInPlace(int m, int k, int ldb, bool transposeB) =>
        !transposeB && (m <= InPlaceBMaxRows || (long)k * ldb <= InPlaceBMaxSpan);

    /// <summary>
    /// Whether a product runs on all cores: from about a megaflop, or whatever its flops when B holds a megabyte or more
    /// (<see cref="ParallelStreamFloats"/>). A product of one or a few rows against such a B (a dense layer or a 1 × 1
    /// plane's W′ at batch 1) is bound by streaming B, which two cores do faster than one: ResNet-18 at batch 1, whose
    /// last stage is four such 512 × 512 products and one 512 × 1024, took 0.964 and 0.988 of the time it took serially.
    /// </summary>
    internal static bool IsParallel(int m, int n, int k) =>
        Environment.ProcessorCount > 1 && (2L * m * n * k >= ParallelFlopThreshold || (long)n * k >= ParallelStreamFloats);

    /// <summary>Runs every (panel × row chunk) tile of C from packed A blocks and the panels of <paramref name="source"/>.</summary>
    private static unsafe void Compute<TKernel, TEpilogue>(
        int m, int n, int k, float* packedA, PanelSource source, float* c, int ldc, bool accumulate, TEpilogue epilogue, bool parallel,
        bool streamB)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        var rowBlocks = GemmPacking.BlockCount(m, TKernel.Rows);
        var panels = GemmPacking.BlockCount(n, TKernel.Columns);
        if (!parallel)
        {
            for (var panel = 0; panel < panels; panel++)
            {
                RunTile<TKernel, TEpilogue>(m, n, k, 0, k, packedA, source, c, ldc, accumulate, epilogue, panel, 0, rowBlocks, streamB);
            }

            return;
        }

        var targetChunks = GemmPacking.BlockCount(TilesPerCore * Environment.ProcessorCount, panels);
        var blocksPerChunk = GemmPacking.BlockCount(rowBlocks, Math.Clamp(targetChunks, 1, rowBlocks));
        var chunks = GemmPacking.BlockCount(rowBlocks, blocksPerChunk);
        var tiles = new Tiles<TKernel, TEpilogue>(m, n, k, packedA, source, c, ldc, accumulate, epilogue, rowBlocks, chunks, blocksPerChunk, streamB);
        CpuParallel.For(panels * chunks, ref tiles);
    }

    /// <summary>The pack jobs of one product: row blocks of A first, then the packed panels of B.</summary>
    private readonly unsafe struct PackJobs(
        float* a, int lda, bool transposeA, int m, int k, int blockRows, int rowBlocks, float* packedA,
        float* b, int ldb, bool transposeB, int n, int panelColumns, int fullPanelsInPlace, float* packedB) : IParallelBody
    {
        public void Run(int job)
        {
            if (job < rowBlocks)
            {
                GemmPacking.PackA(a, lda, transposeA, m, k, blockRows, job, packedA);
                return;
            }

            // Packed panel i is panel fullPanelsInPlace + i; shifting B and n keeps PackB's indexing.
            var shift = (nint)fullPanelsInPlace * panelColumns;
            GemmPacking.PackB(transposeB ? b + shift * ldb : b + shift, ldb, transposeB, n - (int)shift, k,
                panelColumns, job - rowBlocks, packedB);
        }
    }

    /// <summary>The (panel × row chunk) tiles of C, one iteration each.</summary>
    private readonly unsafe struct Tiles<TKernel, TEpilogue>(
        int m, int n, int k, float* packedA, PanelSource source, float* c, int ldc, bool accumulate, TEpilogue epilogue,
        int rowBlocks, int chunks, int blocksPerChunk, bool streamB) : IParallelBody
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        public void Run(int tile)
        {
            var (panel, chunk) = Math.DivRem(tile, chunks);
            var firstBlock = chunk * blocksPerChunk;
            RunTile<TKernel, TEpilogue>(
                m, n, k, 0, k, packedA, source, c, ldc, accumulate, epilogue,
                panel, firstBlock, Math.Min(firstBlock + blocksPerChunk, rowBlocks), streamB);
        }
    }

    /// <summary>
    /// Every row of a product of at most <see cref="SingleRowsMax"/> rows against one B panel, one panel per
    /// iteration, A read in place; a ragged panel goes through a stack buffer.
    /// </summary>
    private readonly unsafe struct RowPanels<TKernel, TEpilogue>(
        int m, int n, int k, float* a, int lda, bool transposeA, PanelSource source, float* c, int ldc, bool accumulate, TEpilogue epilogue)
        : IParallelBody
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        [SkipLocalsInit]
        public void Run(int panel)
        {
            var column = panel * TKernel.Columns;
            var columns = Math.Min(TKernel.Columns, n - column);
            var panelStart = source.Panel(panel, out var bStride);
            var edge = stackalloc float[TKernel.Columns];
            nint aStep = transposeA ? lda : 1;
            for (var row = 0; row < m; row++)
            {
                var aRow = transposeA ? a + row : a + (nint)row * lda;
                var destination = c + (nint)row * ldc + column;
                if (columns == TKernel.Columns)
                {
                    TKernel.RunRow(aRow, aStep, panelStart, bStride, k, destination, accumulate, epilogue, row, column);
                    continue;
                }

                TKernel.RunRow(aRow, aStep, panelStart, bStride, k, edge, false, default(ActivationEpilogue<IdentityActivation>), 0, 0);
                StoreEdge(edge, TKernel.Columns, destination, ldc, 1, columns, accumulate, epilogue, row, column);
            }
        }
    }

    /// <summary>
    /// Runs row blocks [firstBlock, endBlock) against one B panel over depths [<paramref name="from"/>,
    /// <paramref name="from"/> + <paramref name="depth"/>) of the operands' <paramref name="k"/>; ragged tiles go through
    /// a stack buffer. With <paramref name="streamB"/> the first block prefetches the panel, which the others then find
    /// in L2.
    /// </summary>
    [SkipLocalsInit] // the kernel overwrites the whole edge tile; zeroing it each call is wasted
    private static unsafe void RunTile<TKernel, TEpilogue>(
        int m, int n, int k, int from, int depth, float* packedA, PanelSource source, float* c, int ldc, bool accumulate, TEpilogue epilogue,
        int panel, int firstBlock, int endBlock, bool streamB)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        var blockRows = TKernel.Rows;
        var panelColumns = TKernel.Columns;
        var column = panel * panelColumns;
        var columns = Math.Min(panelColumns, n - column);
        var panelStart = source.Panel(panel, out var bStride) + (from * bStride);
        var edge = stackalloc float[blockRows * panelColumns];
        for (var block = firstBlock; block < endBlock; block++)
        {
            var row = block * blockRows;
            var rows = Math.Min(blockRows, m - row);
            var blockStart = packedA + ((nint)block * blockRows * k) + ((nint)from * blockRows);
            var destination = c + (nint)row * ldc + column;
            var streams = streamB && block == firstBlock;
            if (rows == blockRows && columns == panelColumns)
            {
                Kernel<TKernel, TEpilogue>(streams, blockStart, panelStart, bStride, depth, destination, ldc, accumulate, epilogue, row, column);
                continue;
            }

            if (2 * rows <= blockRows)
            {
                TKernel.RunUpperHalf(streams, blockStart, panelStart, bStride, depth, edge, panelColumns, false, default(ActivationEpilogue<IdentityActivation>), 0, 0);
            }
            else
            {
                Kernel<TKernel, ActivationEpilogue<IdentityActivation>>(streams, blockStart, panelStart, bStride, depth, edge, panelColumns, false, default, 0, 0);
            }

            StoreEdge(edge, panelColumns, destination, ldc, rows, columns, accumulate, epilogue, row, column);
        }
    }

    /// <summary><see cref="IMicroKernel.RunStreamingB"/> or <see cref="IMicroKernel.Run"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Kernel<TKernel, TEpilogue>(
        bool streamB, float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        if (streamB)
        {
            TKernel.RunStreamingB(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column);
        }
        else
        {
            TKernel.Run(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void StoreEdge<TEpilogue>(
        float* tile, int tileStride, float* destination, int ldc, int rows, int columns, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        for (var r = 0; r < rows; r++)
        {
            var target = destination + (nint)r * ldc;
            var source = tile + r * tileStride;
            var j = 0;

            // Ragged rows (conv with 6 output channels: every tile) keep full-width vector stores.
            if (CpuKernels.Vector512)
            {
                for (; j + Vector512<float>.Count <= columns; j += Vector512<float>.Count)
                {
                    var sum = Vector512.Load(source + j);
                    if (accumulate)
                    {
                        sum += Vector512.Load(target + j);
                    }

                    Vector512.Store(epilogue.Apply(sum, row + r, column + j), target + j);
                }
            }

            if (CpuKernels.Vector256)
            {
                for (; j + Vector256<float>.Count <= columns; j += Vector256<float>.Count)
                {
                    var sum = Vector256.Load(source + j);
                    if (accumulate)
                    {
                        sum += Vector256.Load(target + j);
                    }

                    Vector256.Store(epilogue.Apply(sum, row + r, column + j), target + j);
                }
            }

            for (; j < columns; j++)
            {
                var sum = accumulate ? target[j] + source[j] : source[j];
                target[j] = epilogue.Apply(sum, row + r, column + j);
            }
        }
    }
}
