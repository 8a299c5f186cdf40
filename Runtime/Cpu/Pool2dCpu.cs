namespace Strata.Cpu;

/// <summary>Max and average pooling on the CPU, with PyTorch's semantics.</summary>
/// <remarks>Each (sample, channel) plane is independent, so planes run in parallel.</remarks>
public static class Pool2dCpu
{
    /// <summary>Max pooling; padded cells never win.</summary>
    public static void MaxForward(in PoolGeometry g, Tensor x, Tensor y)
    {
        Check(g, x, nameof(x), y, nameof(y));
        var geometry = g;
        var xs = x.Array;
        var ys = y.Array;
        Parallel.For(0, g.Batch * g.Channels, plane =>
        {
            for (var oh = 0; oh < geometry.OutHeight; oh++)
            {
                for (var ow = 0; ow < geometry.OutWidth; ow++)
                {
                    var winner = ArgMax(geometry, xs, plane, oh, ow);
                    ys[(plane * geometry.OutHeight + oh) * geometry.OutWidth + ow] = winner < 0 ? float.NegativeInfinity : xs[winner];
                }
            }
        });
    }

    /// <summary>Routes each output gradient to the first maximum of its window; dx is overwritten.</summary>
    public static void MaxBackward(in PoolGeometry g, Tensor x, Tensor dy, Tensor dx)
    {
        Check(g, x, nameof(x), dy, nameof(dy));
        ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.Channels, g.InHeight, g.InWidth);
        var geometry = g;
        var xs = x.Array;
        var dys = dy.Array;
        var dxs = dx.Array;
        Parallel.For(0, g.Batch * g.Channels, plane =>
        {
            var planeSize = geometry.InHeight * geometry.InWidth;
            Array.Clear(dxs, plane * planeSize, planeSize);
            for (var oh = 0; oh < geometry.OutHeight; oh++)
            {
                for (var ow = 0; ow < geometry.OutWidth; ow++)
                {
                    var winner = ArgMax(geometry, xs, plane, oh, ow);
                    if (winner >= 0)
                    {
                        // Overlapping windows may pick the same cell: accumulate.
                        dxs[winner] += dys[(plane * geometry.OutHeight + oh) * geometry.OutWidth + ow];
                    }
                }
            }
        });
    }

    /// <summary>Average pooling; <paramref name="countIncludePad"/> as PyTorch's count_include_pad.</summary>
    public static void AvgForward(in PoolGeometry g, bool countIncludePad, Tensor x, Tensor y)
    {
        Check(g, x, nameof(x), y, nameof(y));
        var geometry = g;
        var xs = x.Array;
        var ys = y.Array;
        Parallel.For(0, g.Batch * g.Channels, plane =>
        {
            var planeStart = plane * geometry.InHeight * geometry.InWidth;
            for (var oh = 0; oh < geometry.OutHeight; oh++)
            {
                for (var ow = 0; ow < geometry.OutWidth; ow++)
                {
                    var window = Window.Of(geometry, oh, ow, countIncludePad);
                    var sum = 0f;
                    for (var ih = window.FirstRow; ih < window.EndRow; ih++)
                    {
                        for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
                        {
                            sum += xs[planeStart + ih * geometry.InWidth + iw];
                        }
                    }

                    ys[(plane * geometry.OutHeight + oh) * geometry.OutWidth + ow] = window.IsEmpty ? 0f : sum / window.Divisor;
                }
            }
        });
    }

    /// <summary>Spreads each output gradient over its window; dx is overwritten.</summary>
    public static void AvgBackward(in PoolGeometry g, bool countIncludePad, Tensor dy, Tensor dx)
    {
        CheckGeometry(g);
        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.Channels, g.OutHeight, g.OutWidth);
        ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.Channels, g.InHeight, g.InWidth);
        var geometry = g;
        var dys = dy.Array;
        var dxs = dx.Array;
        Parallel.For(0, g.Batch * g.Channels, plane =>
        {
            var planeStart = plane * geometry.InHeight * geometry.InWidth;
            Array.Clear(dxs, planeStart, geometry.InHeight * geometry.InWidth);
            for (var oh = 0; oh < geometry.OutHeight; oh++)
            {
                for (var ow = 0; ow < geometry.OutWidth; ow++)
                {
                    var window = Window.Of(geometry, oh, ow, countIncludePad);
                    if (window.IsEmpty)
                    {
                        continue;
                    }

                    var share = dys[(plane * geometry.OutHeight + oh) * geometry.OutWidth + ow] / window.Divisor;
                    for (var ih = window.FirstRow; ih < window.EndRow; ih++)
                    {
                        for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
                        {
                            dxs[planeStart + ih * geometry.InWidth + iw] += share;
                        }
                    }
                }
            }
        });
    }

    /// <summary>The flat index in x of the window's first maximum in row-major order, or −1 if it has no real cell.</summary>
    private static int ArgMax(in PoolGeometry g, float[] x, int plane, int oh, int ow)
    {
        var window = Window.Of(g, oh, ow, countIncludePad: false);
        var planeStart = plane * g.InHeight * g.InWidth;
        var winner = -1;
        var best = float.NegativeInfinity;
        for (var ih = window.FirstRow; ih < window.EndRow; ih++)
        {
            for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
            {
                var index = planeStart + ih * g.InWidth + iw;
                // Strictly greater keeps the first of equal maxima; a NaN wins, as in PyTorch.
                if (winner < 0 || x[index] > best || float.IsNaN(x[index]))
                {
                    winner = index;
                    best = x[index];
                }
            }
        }

        return winner;
    }

    private static void Check(in PoolGeometry g, Tensor input, string inputName, Tensor output, string outputName)
    {
        CheckGeometry(g);
        ArgumentChecks.Length(input, inputName, g.Batch, g.Channels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(output, outputName, g.Batch, g.Channels, g.OutHeight, g.OutWidth);
    }

    private static void CheckGeometry(in PoolGeometry g)
    {
        ArgumentChecks.AtLeast(g.Batch, 0, nameof(g.Batch));
        ArgumentChecks.AtLeast(g.Channels, 1, nameof(g.Channels));
        ArgumentChecks.AtLeast(g.Kernel, 1, nameof(g.Kernel));
        ArgumentChecks.AtLeast(g.Stride, 1, nameof(g.Stride));
        ArgumentChecks.AtLeast(g.Pad, 0, nameof(g.Pad));
        if (2 * g.Pad > g.Kernel)
        {
            throw new ArgumentException($"Pooling pad must be at most half the kernel (as in PyTorch), got pad {g.Pad} for kernel {g.Kernel}.", nameof(g));
        }

        ArgumentChecks.OutputSize(g.OutHeight, g.InHeight, g.Kernel, g.Stride, g.Pad, nameof(g.OutHeight));
        ArgumentChecks.OutputSize(g.OutWidth, g.InWidth, g.Kernel, g.Stride, g.Pad, nameof(g.OutWidth));
    }

    /// <summary>
    /// One pooling window clipped to the real image, with PyTorch's avg_pool2d divisor: with count_include_pad the
    /// window is first clipped to the padded image (so a window hanging past the padding counts only up to it), and
    /// without it the divisor is the number of real cells.
    /// </summary>
    private readonly record struct Window(int FirstRow, int EndRow, int FirstColumn, int EndColumn, int Divisor)
    {
        public bool IsEmpty => FirstRow >= EndRow || FirstColumn >= EndColumn;

        public static Window Of(in PoolGeometry g, int oh, int ow, bool countIncludePad)
        {
            var h0 = oh * g.Stride - g.Pad;
            var w0 = ow * g.Stride - g.Pad;
            var h1 = Math.Min(h0 + g.Kernel, g.InHeight + g.Pad);
            var w1 = Math.Min(w0 + g.Kernel, g.InWidth + g.Pad);
            var paddedSize = (h1 - h0) * (w1 - w0);
            h0 = Math.Max(h0, 0);
            w0 = Math.Max(w0, 0);
            h1 = Math.Min(h1, g.InHeight);
            w1 = Math.Min(w1, g.InWidth);
            return new Window(h0, h1, w0, w1, countIncludePad ? paddedSize : (h1 - h0) * (w1 - w0));
        }
    }
}
