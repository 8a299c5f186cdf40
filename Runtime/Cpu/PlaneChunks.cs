namespace Strata.Cpu;

/// <summary>
/// One pooling call split into <see cref="Chunks"/> contiguous ranges of (sample, channel) planes, one iteration of a
/// <see cref="CpuParallel"/> loop each.
/// </summary>
internal unsafe struct PlaneChunks(PoolGeometry g, PoolPass pass, bool countIncludePad, float* x, float* dy, float* output)
    : IParallelBody
{
    /// <summary>The number of chunks the planes are split into.</summary>
    public int Chunks { get; set; }

    /// <inheritdoc />
    public readonly void Run(int chunk)
    {
        var planes = g.Batch * g.Channels;
        var (first, end) = ((int)((long)planes * chunk / Chunks), (int)((long)planes * (chunk + 1) / Chunks));
        for (var plane = first; plane < end; plane++)
        {
            switch (pass)
            {
                case PoolPass.MaxForward:
                    MaxPoolPlane.Forward(g, x, output, plane);
                    break;
                case PoolPass.MaxForwardGeneral:
                    MaxPoolPlane.ForwardGeneral(g, x, output, plane);
                    break;
                case PoolPass.MaxBackward:
                    MaxPoolPlane.Backward(g, x, dy, output, plane);
                    break;
                case PoolPass.AvgForward:
                    AvgForward(plane);
                    break;
                default:
                    AvgBackward(plane);
                    break;
            }
        }
    }

    private readonly void AvgForward(int plane)
    {
        var planeStart = plane * g.InHeight * g.InWidth;
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            for (var ow = 0; ow < g.OutWidth; ow++)
            {
                var window = PoolWindow.Of(g, oh, ow, countIncludePad);
                var sum = 0f;
                for (var ih = window.FirstRow; ih < window.EndRow; ih++)
                {
                    for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
                    {
                        sum += x[planeStart + ih * g.InWidth + iw];
                    }
                }

                output[(plane * g.OutHeight + oh) * g.OutWidth + ow] = window.IsEmpty ? 0f : sum / window.Divisor;
            }
        }
    }

    private readonly void AvgBackward(int plane)
    {
        var planeStart = plane * g.InHeight * g.InWidth;
        new Span<float>(output + planeStart, g.InHeight * g.InWidth).Clear();
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            for (var ow = 0; ow < g.OutWidth; ow++)
            {
                var window = PoolWindow.Of(g, oh, ow, countIncludePad);
                if (window.IsEmpty)
                {
                    continue;
                }

                var share = dy[(plane * g.OutHeight + oh) * g.OutWidth + ow] / window.Divisor;
                for (var ih = window.FirstRow; ih < window.EndRow; ih++)
                {
                    for (var iw = window.FirstColumn; iw < window.EndColumn; iw++)
                    {
                        output[planeStart + ih * g.InWidth + iw] += share;
                    }
                }
            }
        }
    }
}
