using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

        // A full block of the AVX-512 kernel's 8 rows, 8 k at a time: an 8 × 8 transpose in registers instead of 64
        // scalar stores a block's width apart (weight gradients pack all of dZ this way).
        var k0 = 0;
        if (rows == 8 && blockRows == 8 && Avx.IsSupported && CpuKernels.Vector256)
        {
            var source = a + firstRow * lda;
            for (; k0 + 8 <= depth; k0 += 8)
            {
                TransposeEight(source + k0, lda, destination + (nint)k0 * 8, 8);
            }

            if (k0 == depth)
            {
                return;
            }
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
            for (var k = k0; k < depth; k++)
            {
                target[(nint)k * blockRows] = source[k];
            }
        }
    }

    /// <summary>
    /// Writes the 8 × 8 block at <paramref name="a"/> (rows <paramref name="lda"/> apart) transposed to
    /// <paramref name="target"/> (rows <paramref name="ldt"/> apart). Needs AVX.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void TransposeEight(float* a, nint lda, float* target, nint ldt)
    {
        var t0 = Avx.UnpackLow(Avx.LoadVector256(a), Avx.LoadVector256(a + lda));
        var t1 = Avx.UnpackHigh(Avx.LoadVector256(a), Avx.LoadVector256(a + lda));
        var t2 = Avx.UnpackLow(Avx.LoadVector256(a + (2 * lda)), Avx.LoadVector256(a + (3 * lda)));
        var t3 = Avx.UnpackHigh(Avx.LoadVector256(a + (2 * lda)), Avx.LoadVector256(a + (3 * lda)));
        var t4 = Avx.UnpackLow(Avx.LoadVector256(a + (4 * lda)), Avx.LoadVector256(a + (5 * lda)));
        var t5 = Avx.UnpackHigh(Avx.LoadVector256(a + (4 * lda)), Avx.LoadVector256(a + (5 * lda)));
        var t6 = Avx.UnpackLow(Avx.LoadVector256(a + (6 * lda)), Avx.LoadVector256(a + (7 * lda)));
        var t7 = Avx.UnpackHigh(Avx.LoadVector256(a + (6 * lda)), Avx.LoadVector256(a + (7 * lda)));

        // Rows 0–3 (and 4–7) of columns j and j + 4, for j = 0..3.
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(target, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(target + ldt, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(target + (2 * ldt), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(target + (3 * ldt), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(target + (4 * ldt), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(target + (5 * ldt), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(target + (6 * ldt), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(target + (7 * ldt), Avx.Permute2x128(s3, s7, 0x31));
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
        // Whole groups of 8 columns by 8 k go through 8 × 8 register transposes (the scalar loop stored one float a
        // panel width apart per value: ResNet-18's 1 × 1-plane weights, repacked after every optimiser step, took
        // 0.9 ms a step that way).
        var transposedColumns = Avx.IsSupported && CpuKernels.Vector256 ? columns / 8 * 8 : 0;
        for (var k0 = 0; k0 < depth; k0 += TransposeDepthBlock)
        {
            var kEnd = Math.Min(depth, k0 + TransposeDepthBlock);
            var transposedEnd = transposedColumns > 0 ? k0 + ((kEnd - k0) / 8 * 8) : k0;
            for (var j = 0; j < transposedColumns; j += 8)
            {
                var source = b + (firstColumn + j) * ldb;
                for (var k = k0; k < transposedEnd; k += 8)
                {
                    TransposeEight(source + k, ldb, destination + ((nint)k * panelColumns) + j, panelColumns);
                }
            }

            for (var j = 0; j < columns; j++)
            {
                var source = b + (firstColumn + j) * ldb;
                var target = destination + j;
                for (var k = j < transposedColumns ? transposedEnd : k0; k < kEnd; k++)
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
