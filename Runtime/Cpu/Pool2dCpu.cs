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
                    var window = PoolWindow.Of(geometry, oh, ow, countIncludePad);
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
        ArgumentChecks.Geometry(g);
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
                    var window = PoolWindow.Of(geometry, oh, ow, countIncludePad);
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
        var window = PoolWindow.Of(g, oh, ow, countIncludePad: false);
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
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(input, inputName, g.Batch, g.Channels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(output, outputName, g.Batch, g.Channels, g.OutHeight, g.OutWidth);
    }
}
