namespace Strata.Cpu;

/// <summary>
/// A GEMM on the calling thread with caller-owned scratch, for many small independent products that the caller already
/// runs in parallel (attention's q·kᵀ and P·v per sample and head): C = epilogue((accumulate ? C : 0) + op(A)·op(B))
/// through the same micro-kernels as <see cref="Gemm"/>, without its fork/join or its shared workspace slots.
/// </summary>
/// <remarks>
/// A row-major A is read in place (<see cref="IMicroKernel.RunRowMajorA"/>); a transposed A is packed into row blocks.
/// A row-major B is read in place in its full panels, and a transposed B or a ragged last panel is packed. Tiles on the
/// bottom or right edge go through a stack tile and are stored element by element, so C is never written past its m × n.
/// </remarks>
internal static unsafe class SerialGemm
{
    /// <summary>The floats of scratch <see cref="Multiply{TEpilogue}"/> needs at most for an m × n × k product on <paramref name="kernel"/>.</summary>
    public static int ScratchLength(GemmKernel kernel, int m, int n, int k)
    {
        var (rows, columns) = Tile(kernel);
        return checked((int)(GemmPacking.PackedALength(m, k, rows) + GemmPacking.PackedBLength(n, k, columns)));
    }

    /// <summary>
    /// C (m × n, row stride <paramref name="ldc"/>) = epilogue((accumulate ? C : 0) + op(A)·op(B)) with op(A) m × k
    /// (A is k × m when <paramref name="transposeA"/>) and op(B) k × n (B is n × k when <paramref name="transposeB"/>).
    /// <paramref name="scratch"/> holds at least <see cref="ScratchLength"/> floats; C must not overlap A, B or it.
    /// </summary>
    public static void Multiply<TEpilogue>(
        GemmKernel kernel, int m, int n, int k, float* a, nint lda, bool transposeA, float* b, nint ldb, bool transposeB,
        float* c, nint ldc, bool accumulate, TEpilogue epilogue, float* scratch)
        where TEpilogue : struct, IEpilogue
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        switch (kernel)
        {
            case GemmKernel.Avx512:
                Run<Avx512MicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate, epilogue, scratch);
                break;
            case GemmKernel.Avx2:
                Run<Avx2MicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate, epilogue, scratch);
                break;
            default:
                Run<PortableMicroKernel, TEpilogue>(m, n, k, a, lda, transposeA, b, ldb, transposeB, c, ldc, accumulate, epilogue, scratch);
                break;
        }
    }

    /// <summary>
    /// C (m × n, row stride <paramref name="ldc"/>) = epilogue(A·B) with a row-major A read in place and B already
    /// packed in the kernel's panels (<see cref="Gemm.PackB"/>, <see cref="PackedWeightCache.TransposedB"/>); no scratch.
    /// </summary>
    public static void MultiplyPackedB<TKernel, TEpilogue>(int m, int n, int k, float* a, nint lda, float* packedB, float* c, nint ldc, TEpilogue epilogue)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue =>
        Run<TKernel, TEpilogue>(m, n, k, a, lda, false, packedB, 0, false, c, ldc, false, epilogue, null, bIsPacked: true);

    private static (int Rows, int Columns) Tile(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Avx512 => (Avx512MicroKernel.Rows, Avx512MicroKernel.Columns),
        GemmKernel.Avx2 => (Avx2MicroKernel.Rows, Avx2MicroKernel.Columns),
        _ => (PortableMicroKernel.Rows, PortableMicroKernel.Columns),
    };

    [System.Runtime.CompilerServices.SkipLocalsInit] // the kernel overwrites the whole edge tile
    private static void Run<TKernel, TEpilogue>(
        int m, int n, int k, float* a, nint lda, bool transposeA, float* b, nint ldb, bool transposeB,
        float* c, nint ldc, bool accumulate, TEpilogue epilogue, float* scratch, bool bIsPacked = false)
        where TKernel : struct, IMicroKernel
        where TEpilogue : struct, IEpilogue
    {
        var blockRows = TKernel.Rows;
        var panelColumns = TKernel.Columns;
        var rowBlocks = GemmPacking.BlockCount(m, blockRows);
        var panels = GemmPacking.BlockCount(n, panelColumns);
        var packedA = scratch;
        if (transposeA)
        {
            for (var block = 0; block < rowBlocks; block++)
            {
                GemmPacking.PackA(a, lda, true, m, k, blockRows, block, packedA);
            }
        }

        var packedB = bIsPacked ? b : scratch + (transposeA ? GemmPacking.PackedALength(m, k, blockRows) : 0);
        var inPlacePanels = transposeB || bIsPacked ? 0 : n / panelColumns;
        var shift = (nint)inPlacePanels * panelColumns;
        for (var panel = inPlacePanels; !bIsPacked && panel < panels; panel++)
        {
            GemmPacking.PackB(transposeB ? b + shift * ldb : b + shift, ldb, transposeB, n - (int)shift, k, panelColumns, panel - inPlacePanels, packedB);
        }

        var identity = default(ActivationEpilogue<IdentityActivation>);
        var edge = stackalloc float[blockRows * panelColumns];
        for (var panel = 0; panel < panels; panel++)
        {
            var column = panel * panelColumns;
            var columns = Math.Min(panelColumns, n - column);
            var inPlace = panel < inPlacePanels;
            var panelStart = inPlace ? b + column : packedB + (nint)(panel - inPlacePanels) * panelColumns * k;
            var bStride = inPlace ? ldb : panelColumns;
            for (var block = 0; block < rowBlocks; block++)
            {
                var row = block * blockRows;
                var rows = Math.Min(blockRows, m - row);
                var destination = c + row * ldc + column;
                var full = rows == blockRows && columns == panelColumns;
                if (full)
                {
                    if (transposeA)
                    {
                        TKernel.Run(packedA + (nint)block * blockRows * k, panelStart, bStride, k, destination, ldc, accumulate, epilogue, row, column);
                    }
                    else
                    {
                        TKernel.RunRowMajorA(a + row * lda, lda, rows, panelStart, bStride, k, destination, ldc, accumulate, epilogue, row, column);
                    }

                    continue;
                }

                if (transposeA)
                {
                    TKernel.Run(packedA + (nint)block * blockRows * k, panelStart, bStride, k, edge, panelColumns, false, identity, 0, 0);
                }
                else
                {
                    TKernel.RunRowMajorA(a + row * lda, lda, rows, panelStart, bStride, k, edge, panelColumns, false, identity, 0, 0);
                }

                for (var r = 0; r < rows; r++)
                {
                    var target = destination + r * ldc;
                    var source = edge + r * panelColumns;
                    for (var j = 0; j < columns; j++)
                    {
                        target[j] = epilogue.Apply(accumulate ? target[j] + source[j] : source[j], row + r, column + j);
                    }
                }
            }
        }
    }
}
