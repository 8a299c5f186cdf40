using System.Runtime.CompilerServices;

namespace Strata.Cpu;

/// <summary>
/// Max pooling of one (sample, channel) plane. A window's winner is its first maximum in row-major order, or its last
/// NaN (so a NaN propagates, as in PyTorch's <c>max_pool2d</c>, whose CPU kernel keeps <c>val &gt; max || isnan(val)</c>);
/// padded cells never win. Windows wholly inside the image, all of them without padding, run a tight pointer loop
/// (2 × 2 at stride 2 unrolled); windows that touch the padding are clipped by <see cref="PoolWindow"/>.
/// </summary>
internal static unsafe class MaxPoolPlane
{
    /// <summary>y of one plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in PoolGeometry g, float[] x, float[] y, int plane)
    {
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

                var window = xs + planeStart + (nint)(oh * g.Stride - g.Pad) * g.InWidth + (columnStart * g.Stride - g.Pad);
                if (g.Kernel == 2 && g.Stride == 2)
                {
                    var below = window + g.InWidth;
                    for (var ow = columnStart; ow < columnEnd; ow++, window += 2, below += 2)
                    {
                        var best = window[0];
                        best = Better(window[1], best);
                        best = Better(below[0], best);
                        outRow[ow] = Better(below[1], best);
                    }
                }
                else
                {
                    for (var ow = columnStart; ow < columnEnd; ow++, window += g.Stride)
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
                for (var ow = 0; ow < g.OutWidth; ow++)
                {
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
