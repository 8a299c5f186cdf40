using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// The AVX-512 micro-kernel: 8 rows × 32 columns held in 16 zmm accumulators, two B loads and eight broadcasts per k.
/// The accumulators are separate locals (no arrays, no choice of destination inside the method) so RyuJIT keeps
/// all of them in registers through the k-loop.
/// </summary>
internal readonly struct Avx512MicroKernel : IMicroKernel
{
    /// <inheritdoc />
    public static int Rows => 8;

    /// <inheritdoc />
    public static int Columns => 32;

    /// <inheritdoc />
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    // How far ahead RunStreamingB prefetches B, in k: 64 k of a 32-wide panel are 8 KB, about 500 cycles of the loop,
    // enough to cover a DRAM access (in-process A/B on VGG's 512-channel layers at batch 1 with the caches flushed:
    // 32 and 128 k ahead were no better, and prefetching in every product cost 2–9% where B is already cached).
    private const int PrefetchK = 64;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static unsafe void Run<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue =>
        Multiply(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column, prefetchB: false, upperHalf: false);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static unsafe void RunStreamingB<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue =>
        Multiply(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column, prefetchB: true, upperHalf: false);

    /// <summary>
    /// The body of <see cref="Run"/>, <see cref="RunStreamingB"/> and <see cref="RunUpperHalf"/>, inlined into each with
    /// constant <paramref name="prefetchB"/> and <paramref name="upperHalf"/> (rows 0–3 only: 8 accumulators, A's rows
    /// 4–7 never read); those are not inlined into their callers, as the single kernel was not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Multiply<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column,
        bool prefetchB, bool upperHalf)
        where TEpilogue : struct, IEpilogue
    {
        var ahead = PrefetchK * bStride;
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (var k = 0; k < depth; k++)
        {
            if (prefetchB)
            {
                Sse.Prefetch0(b + ahead);
                Sse.Prefetch0(b + ahead + 16);
            }

            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(packedA[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(packedA[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(packedA[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(packedA[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            if (!upperHalf)
            {
                var a4 = Vector512.Create(packedA[4]);
                c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
                var a5 = Vector512.Create(packedA[5]);
                c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
                var a6 = Vector512.Create(packedA[6]);
                c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
                var a7 = Vector512.Create(packedA[7]);
                c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            }

            packedA += 8;
            b += bStride;
        }

        Store(c + 0 * ldc, accumulate, epilogue, row + 0, column, c00, c01);
        Store(c + 1 * ldc, accumulate, epilogue, row + 1, column, c10, c11);
        Store(c + 2 * ldc, accumulate, epilogue, row + 2, column, c20, c21);
        Store(c + 3 * ldc, accumulate, epilogue, row + 3, column, c30, c31);
        if (upperHalf)
        {
            return;
        }

        Store(c + 4 * ldc, accumulate, epilogue, row + 4, column, c40, c41);
        Store(c + 5 * ldc, accumulate, epilogue, row + 5, column, c50, c51);
        Store(c + 6 * ldc, accumulate, epilogue, row + 6, column, c60, c61);
        Store(c + 7 * ldc, accumulate, epilogue, row + 7, column, c70, c71);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static unsafe void RunUpperHalf<TEpilogue>(
        bool streamB, float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        if (streamB)
        {
            Multiply(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column, prefetchB: true, upperHalf: true);
        }
        else
        {
            Multiply(packedA, b, bStride, depth, c, ldc, accumulate, epilogue, row, column, prefetchB: false, upperHalf: true);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRowMajorA<TEpilogue>(
        float* a, nint lda, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue,
        int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        var last = rows - 1;
        float* a0 = a, a1 = a + Math.Min(1, last) * lda, a2 = a + Math.Min(2, last) * lda, a3 = a + Math.Min(3, last) * lda;
        float* a4 = a + Math.Min(4, last) * lda, a5 = a + Math.Min(5, last) * lda, a6 = a + Math.Min(6, last) * lda;
        var a7 = a + Math.Min(7, last) * lda;
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x0 = Vector512.Create(a0[k]);
            c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
            var x1 = Vector512.Create(a1[k]);
            c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
            var x2 = Vector512.Create(a2[k]);
            c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
            var x3 = Vector512.Create(a3[k]);
            c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
            var x4 = Vector512.Create(a4[k]);
            c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
            var x5 = Vector512.Create(a5[k]);
            c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
            var x6 = Vector512.Create(a6[k]);
            c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
            var x7 = Vector512.Create(a7[k]);
            c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
            b += bStride;
        }

        Store(c + 0 * ldc, accumulate, epilogue, row + 0, column, c00, c01);
        Store(c + 1 * ldc, accumulate, epilogue, row + 1, column, c10, c11);
        Store(c + 2 * ldc, accumulate, epilogue, row + 2, column, c20, c21);
        Store(c + 3 * ldc, accumulate, epilogue, row + 3, column, c30, c31);
        Store(c + 4 * ldc, accumulate, epilogue, row + 4, column, c40, c41);
        Store(c + 5 * ldc, accumulate, epilogue, row + 5, column, c50, c51);
        Store(c + 6 * ldc, accumulate, epilogue, row + 6, column, c60, c61);
        Store(c + 7 * ldc, accumulate, epilogue, row + 7, column, c70, c71);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The k loop repeats <see cref="RunRowMajorA"/>'s: one body for both (a single tap there) made the encoder's
    /// products through RunRowMajorA 1–6% slower in A/B runs.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunTaps(float* a, nint* rows, nint* offsets, int taps, float* b, nint bStride, int depth, float* c, nint ldc)
    {
        Vector512<float> c00 = default, c01 = default;
        Vector512<float> c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default;
        Vector512<float> c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default;
        Vector512<float> c70 = default, c71 = default;
        for (var t = 0; t < taps; t++)
        {
            var at = a + offsets[t];
            float* a0 = at + rows[0], a1 = at + rows[1], a2 = at + rows[2], a3 = at + rows[3];
            float* a4 = at + rows[4], a5 = at + rows[5], a6 = at + rows[6], a7 = at + rows[7];
            for (var k = 0; k < depth; k++)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 16);
                var x0 = Vector512.Create(a0[k]);
                c00 = Vector512.FusedMultiplyAdd(x0, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x0, b1, c01);
                var x1 = Vector512.Create(a1[k]);
                c10 = Vector512.FusedMultiplyAdd(x1, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x1, b1, c11);
                var x2 = Vector512.Create(a2[k]);
                c20 = Vector512.FusedMultiplyAdd(x2, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x2, b1, c21);
                var x3 = Vector512.Create(a3[k]);
                c30 = Vector512.FusedMultiplyAdd(x3, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x3, b1, c31);
                var x4 = Vector512.Create(a4[k]);
                c40 = Vector512.FusedMultiplyAdd(x4, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x4, b1, c41);
                var x5 = Vector512.Create(a5[k]);
                c50 = Vector512.FusedMultiplyAdd(x5, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x5, b1, c51);
                var x6 = Vector512.Create(a6[k]);
                c60 = Vector512.FusedMultiplyAdd(x6, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x6, b1, c61);
                var x7 = Vector512.Create(a7[k]);
                c70 = Vector512.FusedMultiplyAdd(x7, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x7, b1, c71);
                b += bStride;
            }
        }

        var identity = default(ActivationEpilogue<IdentityActivation>);
        Store(c + 0 * ldc, false, identity, 0, 0, c00, c01);
        Store(c + 1 * ldc, false, identity, 0, 0, c10, c11);
        Store(c + 2 * ldc, false, identity, 0, 0, c20, c21);
        Store(c + 3 * ldc, false, identity, 0, 0, c30, c31);
        Store(c + 4 * ldc, false, identity, 0, 0, c40, c41);
        Store(c + 5 * ldc, false, identity, 0, 0, c50, c51);
        Store(c + 6 * ldc, false, identity, 0, 0, c60, c61);
        Store(c + 7 * ldc, false, identity, 0, 0, c70, c71);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRow<TEpilogue>(
        float* a, nint aStep, float* b, nint bStride, int depth, float* c, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        // Four k per iteration into four accumulator pairs: a single row has no other rows to hide the FMA latency.
        Vector512<float> p0 = default, p1 = default, q0 = default, q1 = default;
        Vector512<float> r0 = default, r1 = default, s0 = default, s1 = default;
        var k = 0;
        for (; k + 4 <= depth; k += 4)
        {
            var x0 = Vector512.Create(a[0]);
            p0 = Vector512.FusedMultiplyAdd(x0, Vector512.Load(b), p0);
            p1 = Vector512.FusedMultiplyAdd(x0, Vector512.Load(b + 16), p1);
            var x1 = Vector512.Create(a[aStep]);
            q0 = Vector512.FusedMultiplyAdd(x1, Vector512.Load(b + bStride), q0);
            q1 = Vector512.FusedMultiplyAdd(x1, Vector512.Load(b + bStride + 16), q1);
            var x2 = Vector512.Create(a[2 * aStep]);
            r0 = Vector512.FusedMultiplyAdd(x2, Vector512.Load(b + 2 * bStride), r0);
            r1 = Vector512.FusedMultiplyAdd(x2, Vector512.Load(b + 2 * bStride + 16), r1);
            var x3 = Vector512.Create(a[3 * aStep]);
            s0 = Vector512.FusedMultiplyAdd(x3, Vector512.Load(b + 3 * bStride), s0);
            s1 = Vector512.FusedMultiplyAdd(x3, Vector512.Load(b + 3 * bStride + 16), s1);
            a += 4 * aStep;
            b += 4 * bStride;
        }

        for (; k < depth; k++)
        {
            var x = Vector512.Create(a[0]);
            p0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), p0);
            p1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 16), p1);
            a += aStep;
            b += bStride;
        }

        Store(c, accumulate, epilogue, row, column, p0 + q0 + (r0 + s0), p1 + q1 + (r1 + s1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TEpilogue>(
        float* destination, bool accumulate, TEpilogue epilogue, int row, int column, Vector512<float> left, Vector512<float> right)
        where TEpilogue : struct, IEpilogue
    {
        if (accumulate)
        {
            left += Vector512.Load(destination);
            right += Vector512.Load(destination + 16);
        }

        Vector512.Store(epilogue.Apply(left, row, column), destination);
        Vector512.Store(epilogue.Apply(right, row, column + 16), destination + 16);
    }
}
