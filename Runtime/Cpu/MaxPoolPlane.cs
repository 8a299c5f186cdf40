using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// Max pooling of one (sample, channel) plane. A window's winner is its first maximum in row-major order, or its last
/// NaN (so a NaN propagates, as in PyTorch's <c>max_pool2d</c>, whose CPU kernel keeps <c>val &gt; max || isnan(val)</c>);
/// padded cells never win. Windows wholly inside the image, all of them without padding, run a tight pointer loop
/// (2 × 2 at stride 2 unrolled); windows that touch the padding are clipped by <see cref="PoolWindow"/>. With AVX-512,
/// inner windows at stride 1 or 2 run 16 or 8 outputs at a time: the same comparisons in the same order, lane-wise
/// with a select instead of a branch (on random data the scalar loop's branch mispredicts about every other cell).
/// </summary>
internal static unsafe class MaxPoolPlane
{
    /// <summary>y of one plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in PoolGeometry g, float[] x, float[] y, int plane)
    {
        if (IsSixteenWideThreeByThree(g))
        {
            ForwardSixteenWide(g, x, y, plane);
            return;
        }

        var (rowStart, rowEnd) = Inner(g.OutHeight, g.InHeight, g.Kernel, g.Stride, g.Pad);
        var (columnStart, columnEnd) = Inner(g.OutWidth, g.InWidth, g.Kernel, g.Stride, g.Pad);
        var planeStart = plane * g.InHeight * g.InWidth;
        fixed (float* xs = x, ys = y)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                var outRow = ys + (nint)(plane * g.OutHeight + oh) * g.OutWidth;
                if (oh < rowStart || oh >= rowEnd || columnStart >= columnEnd)
                {
                    for (var ow = 0; ow < g.OutWidth; ow++)
                    {
                        outRow[ow] = ValueOf(g, xs, ArgMax(g, xs, planeStart, oh, ow));
                    }

                    continue;
                }

                for (var ow = 0; ow < columnStart; ow++)
                {
                    outRow[ow] = ValueOf(g, xs, ArgMax(g, xs, planeStart, oh, ow));
                }

                var top = xs + planeStart + (nint)(oh * g.Stride - g.Pad) * g.InWidth;
                var vectorEnd = VectorInner(g, top, outRow, columnStart, columnEnd);
                var window = top + (vectorEnd * g.Stride - g.Pad);
                if (g.Kernel == 2 && g.Stride == 2)
                {
                    var below = window + g.InWidth;
                    for (var ow = vectorEnd; ow < columnEnd; ow++, window += 2, below += 2)
                    {
                        var best = window[0];
                        best = Better(window[1], best);
                        best = Better(below[0], best);
                        outRow[ow] = Better(below[1], best);
                    }
                }
                else
                {
                    for (var ow = vectorEnd; ow < columnEnd; ow++, window += g.Stride)
                    {
                        var best = window[0];
                        for (var kh = 0; kh < g.Kernel; kh++)
                        {
                            var row = window + (nint)kh * g.InWidth;
                            for (var kw = 0; kw < g.Kernel; kw++)
                            {
                                best = Better(row[kw], best);
                            }
                        }

                        outRow[ow] = best;
                    }
                }

                for (var ow = columnEnd; ow < g.OutWidth; ow++)
                {
                    outRow[ow] = ValueOf(g, xs, ArgMax(g, xs, planeStart, oh, ow));
                }
            }
        }
    }

    /// <summary>
    /// Inner outputs of one row from <paramref name="first"/> on, 16 (stride 1) or 8 (stride 2) at a time while a
    /// 16-float load stays inside the row; returns where the scalar loop takes over.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VectorInner(in PoolGeometry g, float* top, float* outRow, int first, int end)
    {
        if (!CpuKernels.Vector512 || !Avx512F.IsSupported || g.Stride > 2)
        {
            return first;
        }

        var step = g.Stride == 1 ? 16 : 8;
        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
        var ow = first;
        for (; ow + step <= end && ow * g.Stride - g.Pad + g.Kernel - 1 + 15 < g.InWidth; ow += step)
        {
            var start = top + (ow * g.Stride - g.Pad);
            var best = Vector512<float>.Zero;
            for (var kh = 0; kh < g.Kernel; kh++)
            {
                var row = start + (nint)kh * g.InWidth;
                for (var kw = 0; kw < g.Kernel; kw++)
                {
                    var value = Vector512.Load(row + kw);
                    if (g.Stride == 2)
                    {
                        value = Avx512F.PermuteVar16x32(value, evens);
                    }

                    // The first cell starts the window; each later one wins when greater or NaN.
                    var wins = (kh | kw) == 0 ? Vector512<float>.AllBitsSet : Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value);
                    best = Vector512.ConditionalSelect(wins, value, best);
                }
            }

            if (step == 16)
            {
                best.Store(outRow + ow);
            }
            else
            {
                best.GetLower().Store(outRow + ow);
            }
        }

        return ow;
    }

    /// <summary>
    /// A 3 × 3 window at stride 2 with padding 1 over rows of 16 (ResNet's stem pooling at CIFAR size, 16 × 16 → 8 × 8),
    /// with AVX-512: a row of the input is one vector, so no window is inner in both directions and every one would take
    /// the clipped path.
    /// </summary>
    private static bool IsSixteenWideThreeByThree(in PoolGeometry g) =>
        g.Kernel == 3 && g.Stride == 2 && g.Pad == 1 && g.InWidth == 16 && g.OutWidth == 8 && CpuKernels.Vector512 && Avx512F.IsSupported;

    /// <summary>
    /// <see cref="Forward"/> for <see cref="IsSixteenWideThreeByThree"/>: each input row's 8 window maxima from one
    /// vector (columns 2·ow − 1, 2·ow, 2·ow + 1 by permutes; the padded column −1 left out of the first), then the rows
    /// of each window combined in order. Within a row and across rows the cells are taken in row-major order with the
    /// same rule as the scalar loop, so the winner is the same.
    /// </summary>
    private static void ForwardSixteenWide(in PoolGeometry g, float[] x, float[] y, int plane)
    {
        var before = Vector512.Create(0, 1, 3, 5, 7, 9, 11, 13, 0, 1, 3, 5, 7, 9, 11, 13);
        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
        var odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 1, 3, 5, 7, 9, 11, 13, 15);
        fixed (float* xs = x, ys = y)
        {
            var input = xs + ((nint)plane * g.InHeight * 16);
            var output = ys + ((nint)plane * g.OutHeight * 8);
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                var first = Math.Max(2 * oh - 1, 0);
                var last = Math.Min(2 * oh + 1, g.InHeight - 1);
                var best = RowMaxima(input + (first * 16), before, evens, odds);
                for (var row = first + 1; row <= last; row++)
                {
                    best = Win(RowMaxima(input + (row * 16), before, evens, odds), best);
                }

                best.GetLower().Store(output + (oh * 8));
            }
        }
    }

    /// <summary>The 8 window maxima of one 16-float row (in the lower half): columns 2·ow − 1 (none for ow = 0), 2·ow, 2·ow + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RowMaxima(float* row, Vector512<int> before, Vector512<int> evens, Vector512<int> odds)
    {
        var values = Vector512.Load(row);
        var even = Avx512F.PermuteVar16x32(values, evens);

        // Lane 0's column −1 is padding: it starts from column 0 instead, which then wins against itself only if NaN.
        var best = Avx512F.PermuteVar16x32(values, before);
        best = Win(even, best);
        return Win(Avx512F.PermuteVar16x32(values, odds), best);
    }

    /// <summary>The scalar loop's rule lane-wise: <paramref name="value"/> wins when greater than <paramref name="best"/> or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Win(Vector512<float> value, Vector512<float> best) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value), value, best);

    /// <summary>y of one plane, every window through the clipped general path.</summary>
    public static void ForwardGeneral(in PoolGeometry g, float[] x, float[] y, int plane)
    {
        var planeStart = plane * g.InHeight * g.InWidth;
        fixed (float* xs = x)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++)
                {
                    y[(plane * g.OutHeight + oh) * g.OutWidth + ow] = ValueOf(g, xs, ArgMax(g, xs, planeStart, oh, ow));
                }
            }
        }
    }

    /// <summary>dx of one plane (overwritten): each output gradient goes to its window's winner.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(in PoolGeometry g, float[] x, float[] dy, float[] dx, int plane)
    {
        var (rowStart, rowEnd) = Inner(g.OutHeight, g.InHeight, g.Kernel, g.Stride, g.Pad);
        var (columnStart, columnEnd) = Inner(g.OutWidth, g.InWidth, g.Kernel, g.Stride, g.Pad);
        var planeStart = plane * g.InHeight * g.InWidth;
        Array.Clear(dx, planeStart, g.InHeight * g.InWidth);
        fixed (float* xs = x, dys = dy, dxs = dx)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                var gradientRow = dys + (nint)(plane * g.OutHeight + oh) * g.OutWidth;
                var inner = oh >= rowStart && oh < rowEnd;
                var top = planeStart + (nint)(oh * g.Stride - g.Pad) * g.InWidth;
                var vectorEnd = inner ? BackwardVectorInner(g, xs + top, gradientRow, dxs + top, columnStart, columnEnd) : columnStart;
                for (var ow = 0; ow < g.OutWidth; ow++)
                {
                    if (ow == columnStart)
                    {
                        ow = vectorEnd;
                        if (ow >= g.OutWidth)
                        {
                            break;
                        }
                    }

                    // Overlapping windows may pick the same cell: accumulate.
                    var winner = inner && ow >= columnStart && ow < columnEnd
                        ? InnerArgMax(g, xs, planeStart + (oh * g.Stride - g.Pad) * g.InWidth + ow * g.Stride - g.Pad)
                        : ArgMax(g, xs, planeStart, oh, ow);
                    if (winner >= 0)
                    {
                        dxs[winner] += gradientRow[ow];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Backward of 2 × 2 windows at stride 2 (which never overlap), 8 inner outputs at a time from
    /// <paramref name="first"/> while a 16-float load stays inside the row: the window's four cells are compared in
    /// row-major order lane-wise, as <see cref="VectorInner"/> does, keeping which cell wins; each cell then gets its
    /// lane's gradient or 0, interleaved back into the two rows of <paramref name="dxTop"/> (the window rows' start in
    /// dx). Returns where the scalar loop takes over.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BackwardVectorInner(in PoolGeometry g, float* top, float* gradientRow, float* dxTop, int first, int end)
    {
        if (!CpuKernels.Vector512 || !Avx512F.IsSupported || g.Kernel != 2 || g.Stride != 2)
        {
            return first;
        }

        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
        var odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 1, 3, 5, 7, 9, 11, 13, 15);
        var interleave = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        var ow = first;
        for (; ow + 8 <= end && (ow * 2) - g.Pad + 16 <= g.InWidth; ow += 8)
        {
            var offset = (ow * 2) - g.Pad;
            var upper = Vector512.Load(top + offset);
            var lower = Vector512.Load(top + g.InWidth + offset);
            var best = Avx512F.PermuteVar16x32(upper, evens);
            var cell = Vector512<float>.Zero;
            Consider(Avx512F.PermuteVar16x32(upper, odds), 1f, ref best, ref cell);
            Consider(Avx512F.PermuteVar16x32(lower, evens), 2f, ref best, ref cell);
            Consider(Avx512F.PermuteVar16x32(lower, odds), 3f, ref best, ref cell);
            var gradient = Vector512.Create(Vector256.Load(gradientRow + ow), Vector256<float>.Zero);
            var d0 = Vector512.ConditionalSelect(Vector512.Equals(cell, Vector512<float>.Zero), gradient, Vector512<float>.Zero);
            var d1 = Vector512.ConditionalSelect(Vector512.Equals(cell, Vector512.Create(1f)), gradient, Vector512<float>.Zero);
            var d2 = Vector512.ConditionalSelect(Vector512.Equals(cell, Vector512.Create(2f)), gradient, Vector512<float>.Zero);
            var d3 = Vector512.ConditionalSelect(Vector512.Equals(cell, Vector512.Create(3f)), gradient, Vector512<float>.Zero);
            Avx512F.PermuteVar16x32x2(d0, interleave, d1).Store(dxTop + offset);
            Avx512F.PermuteVar16x32x2(d2, interleave, d3).Store(dxTop + g.InWidth + offset);
        }

        return ow;

        // A later cell wins when greater or NaN, as in the scalar loop.
        static void Consider(Vector512<float> value, float index, ref Vector512<float> best, ref Vector512<float> cell)
        {
            var wins = Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value);
            best = Vector512.ConditionalSelect(wins, value, best);
            cell = Vector512.ConditionalSelect(wins, Vector512.Create(index), cell);
        }
    }

    /// <summary>The outputs [start, end) along one axis whose windows lie wholly inside the image.</summary>
    private static (int Start, int End) Inner(int outSize, int inSize, int kernel, int stride, int pad)
    {
        var start = Math.Min((pad + stride - 1) / stride, outSize);
        var end = inSize + pad - kernel < 0 ? 0 : Math.Min(outSize, (inSize + pad - kernel) / stride + 1);
        return (start, Math.Max(start, end));
    }

    /// <summary>The running maximum after <paramref name="value"/>: it wins when greater, or when it is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Better(float value, float best) => value > best || float.IsNaN(value) ? value : best;

    private static float ValueOf(in PoolGeometry g, float* x, int winner) => winner < 0 ? float.NegativeInfinity : x[winner];

    /// <summary>The flat index of the winner of a window wholly inside the image that starts at <paramref name="first"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int InnerArgMax(in PoolGeometry g, float* x, int first)
    {
        var winner = first;
        var best = x[first];
        for (var kh = 0; kh < g.Kernel; kh++)
        {
            var row = first + kh * g.InWidth;
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var value = x[row + kw];
                if (value > best || float.IsNaN(value))
                {
                    winner = row + kw;
                    best = value;
                }
            }
        }

        return winner;
    }

    /// <summary>The flat index in x of the window's winner, or −1 if it has no real cell.</summary>
    private static int ArgMax(in PoolGeometry g, float* x, int planeStart, int oh, int ow)
    {
        var window = PoolWindow.Of(g, oh, ow, countIncludePad: false);
        var winner = -1;
        var best = float.NegativeInfinity;
        for (var ih = window.FirstRow; ih < window.EndRow; ih++)
        {
            for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
            {
                var index = planeStart + ih * g.InWidth + iw;
                if (winner < 0 || x[index] > best || float.IsNaN(x[index]))
                {
                    winner = index;
                    best = x[index];
                }
            }
        }

        return winner;
    }
}
