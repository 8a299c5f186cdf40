using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// The AVX2 micro-kernel: 6 rows × 16 columns in 12 ymm accumulators, leaving 4 of the 16 ymm registers for the two
/// B loads and the broadcast.
/// </summary>
internal readonly struct Avx2MicroKernel : IMicroKernel
{
    /// <inheritdoc />
    public static int Rows => 6;

    /// <inheritdoc />
    public static int Columns => 16;

    /// <inheritdoc />
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <inheritdoc />
    /// <remarks>Runs the whole tile with <see cref="Run"/>: the half-height body was measured only on the AVX-512 kernel.</remarks>
    public static unsafe void RunUpperHalf<TEpilogue>(
        bool streamB, float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue =>
        Run(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column);

    /// <inheritdoc />
    /// <remarks>Runs <see cref="Run"/>: prefetching B was measured only on the AVX-512 kernel.</remarks>
    public static unsafe void RunStreamingB<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue =>
        Run(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(packedA[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(packedA[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(packedA[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(packedA[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(packedA[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(packedA[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            packedA += 6;
            b += bStride;
        }

        Store(c + 0 * ldc, accumulate, epilogue, row + 0, column, c00, c01);
        Store(c + 1 * ldc, accumulate, epilogue, row + 1, column, c10, c11);
        Store(c + 2 * ldc, accumulate, epilogue, row + 2, column, c20, c21);
        Store(c + 3 * ldc, accumulate, epilogue, row + 3, column, c30, c31);
        Store(c + 4 * ldc, accumulate, epilogue, row + 4, column, c40, c41);
        Store(c + 5 * ldc, accumulate, epilogue, row + 5, column, c50, c51);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowMajorA<TEpilogue>(
        float* a, nint lda, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue,
        int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        var last = rows - 1;
        float* a0 = a, a1 = a + Math.Min(1, last) * lda, a2 = a + Math.Min(2, last) * lda;
        float* a3 = a + Math.Min(3, last) * lda, a4 = a + Math.Min(4, last) * lda, a5 = a + Math.Min(5, last) * lda;
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var x0 = Vector256.Create(a0[k]);
            c00 = Vector256.FusedMultiplyAdd(x0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x0, b1, c01);
            var x1 = Vector256.Create(a1[k]);
            c10 = Vector256.FusedMultiplyAdd(x1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x1, b1, c11);
            var x2 = Vector256.Create(a2[k]);
            c20 = Vector256.FusedMultiplyAdd(x2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x2, b1, c21);
            var x3 = Vector256.Create(a3[k]);
            c30 = Vector256.FusedMultiplyAdd(x3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x3, b1, c31);
            var x4 = Vector256.Create(a4[k]);
            c40 = Vector256.FusedMultiplyAdd(x4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(x4, b1, c41);
            var x5 = Vector256.Create(a5[k]);
            c50 = Vector256.FusedMultiplyAdd(x5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(x5, b1, c51);
            b += bStride;
        }

        Store(c + 0 * ldc, accumulate, epilogue, row + 0, column, c00, c01);
        Store(c + 1 * ldc, accumulate, epilogue, row + 1, column, c10, c11);
        Store(c + 2 * ldc, accumulate, epilogue, row + 2, column, c20, c21);
        Store(c + 3 * ldc, accumulate, epilogue, row + 3, column, c30, c31);
        Store(c + 4 * ldc, accumulate, epilogue, row + 4, column, c40, c41);
        Store(c + 5 * ldc, accumulate, epilogue, row + 5, column, c50, c51);
    }

    /// <inheritdoc />
    public static unsafe void RunTaps(float* a, nint* rows, nint* offsets, int taps, float* b, nint bStride, int depth, float* c, nint ldc) =>
        MicroKernelTaps.RunRowByRow<Avx2MicroKernel>(a, rows, offsets, taps, b, bStride, depth, c, ldc);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRow<TEpilogue>(
        float* a, nint aStep, float* b, nint bStride, int depth, float* c, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        // Four k per iteration into four accumulator pairs: a single row has no other rows to hide the FMA latency.
        Vector256<float> p0 = default, p1 = default, q0 = default, q1 = default;
        Vector256<float> r0 = default, r1 = default, s0 = default, s1 = default;
        var k = 0;
        for (; k + 4 <= depth; k += 4)
        {
            var x0 = Vector256.Create(a[0]);
            p0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b), p0);
            p1 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(b + 8), p1);
            var x1 = Vector256.Create(a[aStep]);
            q0 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(b + bStride), q0);
            q1 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(b + bStride + 8), q1);
            var x2 = Vector256.Create(a[2 * aStep]);
            r0 = Vector256.FusedMultiplyAdd(x2, Vector256.Load(b + 2 * bStride), r0);
            r1 = Vector256.FusedMultiplyAdd(x2, Vector256.Load(b + 2 * bStride + 8), r1);
            var x3 = Vector256.Create(a[3 * aStep]);
            s0 = Vector256.FusedMultiplyAdd(x3, Vector256.Load(b + 3 * bStride), s0);
            s1 = Vector256.FusedMultiplyAdd(x3, Vector256.Load(b + 3 * bStride + 8), s1);
            a += 4 * aStep;
            b += 4 * bStride;
        }

        for (; k < depth; k++)
        {
            var x = Vector256.Create(a[0]);
            p0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b), p0);
            p1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 8), p1);
            a += aStep;
            b += bStride;
        }

        Store(c, accumulate, epilogue, row, column, p0 + q0 + (r0 + s0), p1 + q1 + (r1 + s1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TEpilogue>(
        float* destination, bool accumulate, TEpilogue epilogue, int row, int column, Vector256<float> left, Vector256<float> right)
        where TEpilogue : struct, IEpilogue
    {
        if (accumulate)
        {
            left += Vector256.Load(destination);
            right += Vector256.Load(destination + 8);
        }

        Vector256.Store(epilogue.Apply(left, row, column), destination);
        Vector256.Store(epilogue.Apply(right, row, column + 8), destination + 8);
    }
}
