using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Max and average pooling kernels with <see cref="Pool2dCpu"/>'s semantics, one thread per output element forward and
/// one per input element backward (a gather: no two threads write one element, and each input sums its windows in
/// the CPU's order). Windows come from <see cref="PoolWindow"/>, the rule the CPU path uses.
/// </summary>
internal static class Pool2dKernels
{
    /// <summary>y = the window's first maximum (a NaN wins, as in PyTorch); padded cells never win.</summary>
    public static void MaxForward(Index1D index, ArrayView<float> x, ArrayView<float> y, PoolGeometry g)
    {
        var ow = index % g.OutWidth;
        var rest = index / g.OutWidth;
        var oh = rest % g.OutHeight;
        var plane = rest / g.OutHeight;
        var winner = ArgMax(x, g, plane, oh, ow);
        y[index] = winner < 0 ? float.NegativeInfinity : x[winner];
    }

    /// <summary>dx[i] = Σ dy over the windows whose first maximum is i.</summary>
    public static void MaxBackward(Index1D index, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, PoolGeometry g)
    {
        var iw = index % g.InWidth;
        var rest = index / g.InWidth;
        var ih = rest % g.InHeight;
        var plane = rest / g.InHeight;
        var sum = 0f;
        var (firstRow, endRow) = Covering(ih, g.Kernel, g.Stride, g.Pad, g.OutHeight);
        var (firstColumn, endColumn) = Covering(iw, g.Kernel, g.Stride, g.Pad, g.OutWidth);
        for (var oh = firstRow; oh < endRow; oh++)
        {
            for (var ow = firstColumn; ow < endColumn; ow++)
            {
                if (ArgMax(x, g, plane, oh, ow) == index)
                {
                    sum += dy[(plane * g.OutHeight + oh) * g.OutWidth + ow];
                }
            }
        }

        dx[index] = sum;
    }

    /// <summary>y = the window's sum over its divisor (count_include_pad when <paramref name="countIncludePad"/> ≠ 0); 0 for an empty window.</summary>
    public static void AvgForward(Index1D index, ArrayView<float> x, ArrayView<float> y, PoolGeometry g, int countIncludePad)
    {
        var ow = index % g.OutWidth;
        var rest = index / g.OutWidth;
        var oh = rest % g.OutHeight;
        var plane = rest / g.OutHeight;
        var window = PoolWindow.Of(g, oh, ow, countIncludePad != 0);
        var planeStart = plane * g.InHeight * g.InWidth;
        var sum = 0f;
        for (var ih = window.FirstRow; ih < window.EndRow; ih++)
        {
            for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
            {
                sum += x[planeStart + ih * g.InWidth + iw];
            }
        }

        y[index] = window.IsEmpty ? 0f : sum / window.Divisor;
    }

    /// <summary>dx[i] = Σ dy / divisor over the windows that hold i.</summary>
    public static void AvgBackward(Index1D index, ArrayView<float> dy, ArrayView<float> dx, PoolGeometry g, int countIncludePad)
    {
        var iw = index % g.InWidth;
        var rest = index / g.InWidth;
        var ih = rest % g.InHeight;
        var plane = rest / g.InHeight;
        var sum = 0f;
        var (firstRow, endRow) = Covering(ih, g.Kernel, g.Stride, g.Pad, g.OutHeight);
        var (firstColumn, endColumn) = Covering(iw, g.Kernel, g.Stride, g.Pad, g.OutWidth);
        for (var oh = firstRow; oh < endRow; oh++)
        {
            for (var ow = firstColumn; ow < endColumn; ow++)
            {
                var window = PoolWindow.Of(g, oh, ow, countIncludePad != 0);
                sum += dy[(plane * g.OutHeight + oh) * g.OutWidth + ow] / window.Divisor;
            }
        }

        dx[index] = sum;
    }

    /// <summary>
    /// The flat index in x of the window's first maximum in row-major order, or −1 if it has no real cell: a later
    /// cell wins only when strictly greater, or when it is a NaN (as <see cref="Pool2dCpu"/> and PyTorch).
    /// </summary>
    private static int ArgMax(ArrayView<float> x, in PoolGeometry g, int plane, int oh, int ow)
    {
        var window = PoolWindow.Of(g, oh, ow, countIncludePad: false);
        var planeStart = plane * g.InHeight * g.InWidth;
        var winner = -1;
        var best = float.NegativeInfinity;
        for (var ih = window.FirstRow; ih < window.EndRow; ih++)
        {
            for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
            {
                var i = planeStart + ih * g.InWidth + iw;
                var value = x[i];
                if (winner < 0 || value > best || float.IsNaN(value))
                {
                    winner = i;
                    best = value;
                }
            }
        }

        return winner;
    }

    /// <summary>
    /// The outputs [first, end) along one axis whose window (o·stride − pad, + kernel) holds input coordinate
    /// <paramref name="i"/>, ascending, so sums run in the CPU's order.
    /// </summary>
    private static (int First, int End) Covering(int i, int kernel, int stride, int pad, int outputs)
    {
        var low = i + pad - kernel + 1; // o·stride ≥ low
        var first = low <= 0 ? 0 : (low + stride - 1) / stride;
        var end = (i + pad) / stride + 1;
        return (first, end < outputs ? end : outputs);
    }
}
