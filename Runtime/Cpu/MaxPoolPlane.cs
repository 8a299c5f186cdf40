using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// Max pooling of one (sample, channel) plane. A window's winner is its first maximum in row-major order, or its last
/// NaN (so a NaN propagates, as in PyTorch's <c>max_pool2d</c>, whose CPU kernel keeps <c>val &gt; max || isnan(val)</c>);
/// padded cells never win. Windows wholly inside the image, all of them without padding, run a tight pointer loop
/// (2 × 2 at stride 2 unrolled); windows that touch the padding are clipped by <see cref="PoolWindow"/>. With AVX-512,
/// inner windows at stride 1 or 2 run 16 or 8 outputs at a time (2 × 2 at stride 2 without padding whole rows, in <see cref="MaxPoolTwoByTwo"/>): the same comparisons in the same order, lane-wise
/// with a select instead of a branch (on random data the scalar loop's branch mispredicts about every other cell).
/// </summary>
internal static unsafe class MaxPoolPlane
{
    /// <summary>y of one plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in PoolGeometry g, float* x, float* y, int plane)
    {
        if (MaxPoolTwoByTwo.Applies(g))
        {
            MaxPoolTwoByTwo.Forward(g, x, y, plane);
            return;
        }

        if (IsSixteenWideThreeByThree(g))
        {
            ForwardSixteenWide(g, x, y, plane);
            return;
        }

        var (rowStart, rowEnd) = Inner(g.OutHeight, g.InHeight, g.Kernel, g.Stride, g.Pad);
        var (columnStart, columnEnd) = Inner(g.OutWidth, g.InWidth, g.Kernel, g.Stride, g.Pad);
        var planeStart = plane * g.InHeight * g.InWidth;
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            var outRow = y + (nint)(plane * g.OutHeight + oh) * g.OutWidth;
            if (oh < rowStart || oh >= rowEnd || columnStart >= columnEnd)
            {
                for (var ow = 0; ow < g.OutWidth; ow++)
                {
                    outRow[ow] = ValueOf(g, x, ArgMax(g, x, planeStart, oh, ow));
                }

                continue;
            }

            for (var ow = 0; ow < columnStart; ow++)
            {
                outRow[ow] = ValueOf(g, x, ArgMax(g, x, planeStart, oh, ow));
            }

            var top = x + planeStart + (nint)(oh * g.Stride - g.Pad) * g.InWidth;
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
                outRow[ow] = ValueOf(g, x, ArgMax(g, x, planeStart, oh, ow));
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
    /// <see cref="Forward"/> for <see cref="IsSixteenWideThreeByThree"/>: the 8 window maxima of each output row from
    /// <see cref="WindowRow"/>.
    /// </summary>
    private static void ForwardSixteenWide(in PoolGeometry g, float* x, float* y, int plane)
    {
        var input = x + ((nint)plane * g.InHeight * 16);
        var output = y + ((nint)plane * g.OutHeight * 8);
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            WindowRow(g, input, oh).Best.GetLower().Store(output + (oh * 8));
        }
    }

    /// <summary>
    /// <see cref="Backward"/> for <see cref="IsSixteenWideThreeByThree"/>: the 8 winners of each output row from
    /// <see cref="WindowRow"/>, then each output's gradient added to its winner in order (neighbouring windows share
    /// a column and a row, so two outputs may pick the same cell). The branch-free winners replace a scalar argmax
    /// whose comparisons mispredict on real activations.
    /// </summary>
    private static void BackwardSixteenWide(in PoolGeometry g, float* x, float* dy, float* dx, int plane)
    {
        var planeSize = g.InHeight * 16;
        new Span<float>(dx + (nint)(plane * planeSize), planeSize).Clear();
        var winners = stackalloc int[16];
        var input = x + ((nint)plane * planeSize);
        var gradient = dx + ((nint)plane * planeSize);
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            WindowRow(g, input, oh).Winner.Store(winners);
            var outputGradient = dy + ((nint)(plane * g.OutHeight + oh) * 8);
            for (var ow = 0; ow < 8; ow++)
            {
                gradient[winners[ow]] += outputGradient[ow];
            }
        }
    }

    /// <summary>
    /// The maxima and their indices in the plane (in the lower 8 lanes) of output row <paramref name="oh"/>'s windows:
    /// each input row's 8 window maxima from one vector (columns 2·ow − 1, 2·ow, 2·ow + 1 by permutes; the padded
    /// column −1 left out of the first), then the rows of each window combined in order. Within a row and across rows
    /// the cells are taken in row-major order with the same rule as the scalar loop, so the winner is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Best, Vector512<int> Winner) WindowRow(in PoolGeometry g, float* input, int oh)
    {
        var first = Math.Max(2 * oh - 1, 0);
        var last = Math.Min(2 * oh + 1, g.InHeight - 1);
        var (best, winner) = RowMaxima(input, first);
        for (var row = first + 1; row <= last; row++)
        {
            var (value, index) = RowMaxima(input, row);
            (best, winner) = Win(value, index, best, winner);
        }

        return (best, winner);
    }

    /// <summary>The 8 window maxima of one 16-float row and their indices in the plane: columns 2·ow − 1 (none for ow = 0), 2·ow, 2·ow + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Best, Vector512<int> Winner) RowMaxima(float* input, int row)
    {
        var before = Vector512.Create(0, 1, 3, 5, 7, 9, 11, 13, 0, 1, 3, 5, 7, 9, 11, 13);
        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
        var odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 1, 3, 5, 7, 9, 11, 13, 15);
        var values = Vector512.Load(input + (row * 16));
        var rowStart = Vector512.Create(row * 16);

        // Lane 0's column −1 is padding: it starts from column 0 instead, which then wins against itself only if NaN.
        var (best, winner) = (Avx512F.PermuteVar16x32(values, before), before + rowStart);
        (best, winner) = Win(Avx512F.PermuteVar16x32(values, evens), evens + rowStart, best, winner);
        return Win(Avx512F.PermuteVar16x32(values, odds), odds + rowStart, best, winner);
    }

    /// <summary>The scalar loop's rule lane-wise: <paramref name="value"/> wins when greater than <paramref name="best"/> or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Best, Vector512<int> Winner) Win(
        Vector512<float> value, Vector512<int> index, Vector512<float> best, Vector512<int> winner)
    {
        var wins = Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value);
        return (Vector512.ConditionalSelect(wins, value, best), Vector512.ConditionalSelect(wins.AsInt32(), index, winner));
    }

    /// <summary>y of one plane, every window through the clipped general path.</summary>
    public static void ForwardGeneral(in PoolGeometry g, float* x, float* y, int plane)
    {
        var planeStart = plane * g.InHeight * g.InWidth;
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            for (var ow = 0; ow < g.OutWidth; ow++)
            {
                y[(plane * g.OutHeight + oh) * g.OutWidth + ow] = ValueOf(g, x, ArgMax(g, x, planeStart, oh, ow));
            }
        }
    }

    /// <summary>dx of one plane (overwritten): each output gradient goes to its window's winner.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(in PoolGeometry g, float* x, float* dy, float* dx, int plane)
    {
        if (MaxPoolTwoByTwo.Applies(g))
        {
            MaxPoolTwoByTwo.Backward(g, x, dy, dx, plane);
            return;
        }

        if (IsSixteenWideThreeByThree(g))
        {
            BackwardSixteenWide(g, x, dy, dx, plane);
            return;
        }

        var (rowStart, rowEnd) = Inner(g.OutHeight, g.InHeight, g.Kernel, g.Stride, g.Pad);
        var (columnStart, columnEnd) = Inner(g.OutWidth, g.InWidth, g.Kernel, g.Stride, g.Pad);
        var planeStart = plane * g.InHeight * g.InWidth;
        new Span<float>(dx + planeStart, g.InHeight * g.InWidth).Clear();
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            var gradientRow = dy + (nint)(plane * g.OutHeight + oh) * g.OutWidth;
            var inner = oh >= rowStart && oh < rowEnd;
            for (var ow = 0; ow < g.OutWidth; ow++)
            {
                // Overlapping windows may pick the same cell: accumulate.
                var winner = inner && ow >= columnStart && ow < columnEnd
                    ? InnerArgMax(g, x, planeStart + (oh * g.Stride - g.Pad) * g.InWidth + ow * g.Stride - g.Pad)
                    : ArgMax(g, x, planeStart, oh, ow);
                if (winner >= 0)
                {
                    dx[winner] += gradientRow[ow];
                }
            }
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
