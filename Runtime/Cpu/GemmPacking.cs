using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// Copies GEMM operands into the layouts the micro-kernels stream through: A as row blocks (for each k, the block's
/// rows side by side), B as column panels (for each k, the panel's columns side by side). Packing absorbs transposes,
/// and ragged edges are padded with zeros so every micro-kernel call computes a full tile.
/// </summary>
internal static unsafe class GemmPacking
{
    // k-rows per step of a transposing PackB: 64 × 32 floats = 8 KB of panel.
    private const int TransposeDepthBlock = 64;

    /// <summary>The floats <see cref="PackA"/> writes for an m × depth operand.</summary>
    public static long PackedALength(int m, int depth, int blockRows) => (long)BlockCount(m, blockRows) * blockRows * depth;

    /// <summary>The floats <see cref="PackB"/> writes for a depth × n operand.</summary>
    public static long PackedBLength(int n, int depth, int panelColumns) => (long)BlockCount(n, panelColumns) * panelColumns * depth;

    /// <summary>The number of blocks of <paramref name="blockSize"/> that cover <paramref name="extent"/>.</summary>
    public static int BlockCount(int extent, int blockSize) => (extent + blockSize - 1) / blockSize;

    /// <summary>Packs row block <paramref name="block"/> of A (m × depth; A(i, k) = a[k·lda + i] when transposed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // at tier 0 its vector copies are calls
    public static void PackA(float* a, nint lda, bool transposed, int m, int depth, int blockRows, int block, float* packed)
    {
        var destination = packed + (nint)block * blockRows * depth;
        var firstRow = block * blockRows;
        var rows = Math.Min(blockRows, m - firstRow);
        if (transposed)
        {
            // A full block of the AVX-512 kernel's 8 rows is one 256-bit copy per k (weight gradients pack all of dY).
            if (rows == 8 && blockRows == 8 && CpuKernels.Vector256)
            {
                for (var k = 0; k < depth; k++)
                {
                    Vector256.Store(Vector256.Load(a + k * lda + firstRow), destination + (nint)k * 8);
                }

                return;
            }

            for (var k = 0; k < depth; k++)
            {
                var source = a + k * lda + firstRow;
                var target = destination + (nint)k * blockRows;
                for (var r = 0; r < rows; r++)
                {
                    target[r] = source[r];
                }

                for (var r = rows; r < blockRows; r++)
                {
                    target[r] = 0f;
                }
            }

            return;
        }

        for (var r = 0; r < blockRows; r++)
        {
            var target = destination + r;
            if (r >= rows)
            {
                for (var k = 0; k < depth; k++)
                {
                    target[(nint)k * blockRows] = 0f;
                }

                continue;
            }

            var source = a + (firstRow + r) * lda;
            for (var k = 0; k < depth; k++)
            {
                target[(nint)k * blockRows] = source[k];
            }
        }
    }

    /// <summary>Packs column panel <paramref name="panel"/> of B (depth × n; B(k, j) = b[j·ldb + k] when transposed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, nint ldb, bool transposed, int n, int depth, int panelColumns, int panel, float* packed)
    {
        var destination = packed + (nint)panel * panelColumns * depth;
        var firstColumn = panel * panelColumns;
        var columns = Math.Min(panelColumns, n - firstColumn);
        if (!transposed)
        {
            for (var k = 0; k < depth; k++)
            {
                var target = new Span<float>(destination + (nint)k * panelColumns, panelColumns);
                new ReadOnlySpan<float>(b + k * ldb + firstColumn, columns).CopyTo(target);
                target[columns..].Clear();
            }

            return;
        }

        // Transposing: B's rows become the panel's columns. Going k-block by k-block keeps the written part of the
        // panel (TransposeDepthBlock × panelColumns) in L1 while the panelColumns source rows stream through.
        for (var k0 = 0; k0 < depth; k0 += TransposeDepthBlock)
        {
            var kEnd = Math.Min(depth, k0 + TransposeDepthBlock);
            for (var j = 0; j < columns; j++)
            {
                var source = b + (firstColumn + j) * ldb;
                var target = destination + j;
                for (var k = k0; k < kEnd; k++)
                {
                    target[(nint)k * panelColumns] = source[k];
                }
            }

            for (var k = k0; k < kEnd; k++)
            {
                new Span<float>(destination + (nint)k * panelColumns + columns, panelColumns - columns).Clear();
            }
        }
    }
}
