using System.Numerics;
using System.Runtime.CompilerServices;

namespace Strata.Cpu;

/// <summary>
/// The fallback micro-kernel for machines without AVX: 4 rows × two <see cref="Vector{T}"/> widths, with a scalar
/// epilogue (the epilogue's vector forms are fixed-width).
/// </summary>
internal readonly struct PortableMicroKernel : IMicroKernel
{
    /// <inheritdoc />
    public static int Rows => 4;

    /// <inheritdoc />
    public static int Columns => 2 * Vector<float>.Count;

    /// <inheritdoc />
    public static bool IsSupported => true;

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
    public static unsafe void Run<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        var width = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + width);
            var a0 = new Vector<float>(packedA[0]);
            c00 = Vector.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector.FusedMultiplyAdd(a0, b1, c01);
            var a1 = new Vector<float>(packedA[1]);
            c10 = Vector.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector.FusedMultiplyAdd(a1, b1, c11);
            var a2 = new Vector<float>(packedA[2]);
            c20 = Vector.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector.FusedMultiplyAdd(a2, b1, c21);
            var a3 = new Vector<float>(packedA[3]);
            c30 = Vector.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector.FusedMultiplyAdd(a3, b1, c31);
            packedA += 4;
            b += bStride;
        }

        Store(c, accumulate, epilogue, row, column, c00, c01);
        Store(c + ldc, accumulate, epilogue, row + 1, column, c10, c11);
        Store(c + 2 * ldc, accumulate, epilogue, row + 2, column, c20, c21);
        Store(c + 3 * ldc, accumulate, epilogue, row + 3, column, c30, c31);
    }

    /// <inheritdoc />
    public static unsafe void RunRowMajorA<TEpilogue>(
        float* a, nint lda, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue,
        int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        var width = Vector<float>.Count;
        var last = rows - 1;
        float* a0 = a, a1 = a + Math.Min(1, last) * lda, a2 = a + Math.Min(2, last) * lda, a3 = a + Math.Min(3, last) * lda;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + width);
            var x0 = new Vector<float>(a0[k]);
            c00 = Vector.FusedMultiplyAdd(x0, b0, c00);
            c01 = Vector.FusedMultiplyAdd(x0, b1, c01);
            var x1 = new Vector<float>(a1[k]);
            c10 = Vector.FusedMultiplyAdd(x1, b0, c10);
            c11 = Vector.FusedMultiplyAdd(x1, b1, c11);
            var x2 = new Vector<float>(a2[k]);
            c20 = Vector.FusedMultiplyAdd(x2, b0, c20);
            c21 = Vector.FusedMultiplyAdd(x2, b1, c21);
            var x3 = new Vector<float>(a3[k]);
            c30 = Vector.FusedMultiplyAdd(x3, b0, c30);
            c31 = Vector.FusedMultiplyAdd(x3, b1, c31);
            b += bStride;
        }

        Store(c, accumulate, epilogue, row, column, c00, c01);
        Store(c + ldc, accumulate, epilogue, row + 1, column, c10, c11);
        Store(c + 2 * ldc, accumulate, epilogue, row + 2, column, c20, c21);
        Store(c + 3 * ldc, accumulate, epilogue, row + 3, column, c30, c31);
    }

    /// <inheritdoc />
    public static unsafe void RunTaps(float* a, nint* rows, nint* offsets, int taps, float* b, nint bStride, int depth, float* c, nint ldc) =>
        MicroKernelTaps.RunRowByRow<PortableMicroKernel>(a, rows, offsets, taps, b, bStride, depth, c, ldc);

    /// <inheritdoc />
    public static unsafe void RunRow<TEpilogue>(
        float* a, nint aStep, float* b, nint bStride, int depth, float* c, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue
    {
        var width = Vector<float>.Count;

        // Four k per iteration into four accumulator pairs: a single row has no other rows to hide the FMA latency.
        Vector<float> p0 = default, p1 = default, q0 = default, q1 = default;
        Vector<float> r0 = default, r1 = default, s0 = default, s1 = default;
        var k = 0;
        for (; k + 4 <= depth; k += 4)
        {
            var x0 = new Vector<float>(a[0]);
            p0 = Vector.FusedMultiplyAdd(x0, Vector.Load(b), p0);
            p1 = Vector.FusedMultiplyAdd(x0, Vector.Load(b + width), p1);
            var x1 = new Vector<float>(a[aStep]);
            q0 = Vector.FusedMultiplyAdd(x1, Vector.Load(b + bStride), q0);
            q1 = Vector.FusedMultiplyAdd(x1, Vector.Load(b + bStride + width), q1);
            var x2 = new Vector<float>(a[2 * aStep]);
            r0 = Vector.FusedMultiplyAdd(x2, Vector.Load(b + 2 * bStride), r0);
            r1 = Vector.FusedMultiplyAdd(x2, Vector.Load(b + 2 * bStride + width), r1);
            var x3 = new Vector<float>(a[3 * aStep]);
            s0 = Vector.FusedMultiplyAdd(x3, Vector.Load(b + 3 * bStride), s0);
            s1 = Vector.FusedMultiplyAdd(x3, Vector.Load(b + 3 * bStride + width), s1);
            a += 4 * aStep;
            b += 4 * bStride;
        }

        for (; k < depth; k++)
        {
            var x = new Vector<float>(a[0]);
            p0 = Vector.FusedMultiplyAdd(x, Vector.Load(b), p0);
            p1 = Vector.FusedMultiplyAdd(x, Vector.Load(b + width), p1);
            a += aStep;
            b += bStride;
        }

        Store(c, accumulate, epilogue, row, column, p0 + q0 + (r0 + s0), p1 + q1 + (r1 + s1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TEpilogue>(
        float* destination, bool accumulate, TEpilogue epilogue, int row, int column, Vector<float> left, Vector<float> right)
        where TEpilogue : struct, IEpilogue
    {
        var width = Vector<float>.Count;
        for (var j = 0; j < width; j++)
        {
            var before = accumulate ? destination[j] : 0f;
            destination[j] = epilogue.Apply(before + left[j], row, column + j);
            var beforeRight = accumulate ? destination[width + j] : 0f;
            destination[width + j] = epilogue.Apply(beforeRight + right[j], row, column + width + j);
        }
    }
}
