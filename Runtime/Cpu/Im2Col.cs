using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// The im2col transform, transposed for weight gradients, and its adjoint. Columns are [C·KH·KW, OH·OW]: row
/// (c, kh, kw) holds, for each output position, the input value that kernel tap sees there, or 0 where it falls in
/// the padding. Taps are <see cref="ConvGeometry.Dilation"/> apart. The geometry is one group's
/// (<see cref="ConvGeometry.OneGroup"/>). The forward pass never stores columns: <see cref="ConvColumns"/> packs them
/// straight into GEMM panels.
/// </summary>
internal static class Im2Col
{
    // Below this many column values the work is too small to split across threads.
    private const int ParallelThreshold = 1 << 16;

    /// <summary>
    /// Writes the columns of <paramref name="samples"/> samples transposed, one row per output position:
    /// rows[(n·positions + p)·depth + k] = B[k, (n, p)] (im2row), the layout a weight-gradient GEMM reads in place.
    /// </summary>
    /// <remarks>Rows are <paramref name="rowStride"/> ≥ depth floats apart; the floats past depth are zeroed.</remarks>
    public static unsafe void ExpandTransposed(in ConvColumns columns, int samples, float* rows, int rowStride)
    {
        var body = new ExpandTransposedRows(columns, rows, rowStride);
        var tasks = samples * columns.OutHeight;
        if ((long)samples * columns.Positions * columns.Depth < ParallelThreshold)
        {
            for (var task = 0; task < tasks; task++)
            {
                body.Run(task);
            }

            return;
        }

        CpuParallel.For(tasks, ref body);
    }

    /// <summary>
    /// Overwrites each of <paramref name="samples"/> samples' images ([C, H, W], <paramref name="sampleStride"/> floats
    /// apart from <paramref name="images"/>) with col2im of its column gradients ([C·KH·KW, OH·OW], one after another).
    /// </summary>
    public static unsafe void FoldSamples(in ConvGeometry g, float* columns, int samples, float* images, nint sampleStride)
    {
        var body = new FoldSampleChannels(g, columns, images, sampleStride);
        var tasks = samples * g.InChannels;
        if ((long)samples * g.InChannels * g.KernelHeight * g.KernelWidth * g.OutHeight * g.OutWidth < ParallelThreshold)
        {
            for (var task = 0; task < tasks; task++)
            {
                body.Run(task);
            }

            return;
        }

        CpuParallel.For(tasks, ref body);
    }

    private static unsafe void FoldChannel(in ConvGeometry g, float* columns, float* image, int channel)
    {
        var plane = image + (nint)channel * g.InHeight * g.InWidth;
        for (var kh = 0; kh < g.KernelHeight; kh++)
        {
            for (var kw = 0; kw < g.KernelWidth; kw++)
            {
                var row = (channel * g.KernelHeight + kh) * g.KernelWidth + kw;
                var source = columns + (nint)row * g.OutHeight * g.OutWidth;
                var (firstOw, endOw) = ValidRange(kw * g.Dilation, g.Pad, g.Stride, g.InWidth, g.OutWidth);
                for (var oh = 0; oh < g.OutHeight; oh++, source += g.OutWidth)
                {
                    var ih = oh * g.Stride - g.Pad + kh * g.Dilation;
                    if (ih < 0 || ih >= g.InHeight)
                    {
                        continue;
                    }

                    var target = plane + (nint)ih * g.InWidth + firstOw * g.Stride - g.Pad + kw * g.Dilation;
                    for (var ow = firstOw; ow < endOw; ow++, target += g.Stride)
                    {
                        *target += source[ow];
                    }
                }
            }
        }
    }

    /// <summary>The output columns [first, end) whose tap at offset <paramref name="k"/> lands inside the input row.</summary>
    private static (int First, int End) ValidRange(int k, int pad, int stride, int inSize, int outSize)
    {
        // ow·stride − pad + k ≥ 0  ⇔  ow ≥ ceil((pad − k) / stride); and ow·stride − pad + k ≤ inSize − 1.
        var first = pad - k <= 0 ? 0 : (pad - k + stride - 1) / stride;
        var last = inSize - 1 + pad - k;
        var end = last < 0 ? 0 : last / stride + 1;
        first = Math.Min(first, outSize);
        end = Math.Clamp(end, first, outSize);
        return (first, end);
    }

    /// <summary>
    /// ExpandTransposed's (sample, output row) pairs as a parallel loop body. A tap row that lies wholly inside the image
    /// (dilation 1, at most 4 taps: 3×3 and 2×2 kernels) is one 4-float load and store: the store's extra float is
    /// overwritten by the next tap row's, so the last tap row of a position, whose extra float would land past it, and a
    /// load that would read past the image's row are copied float by float.
    /// </summary>
    private readonly unsafe struct ExpandTransposedRows(ConvColumns s, float* rows, int rowStride) : IParallelBody
    {
        public void Run(int index)
        {
            var (n, oh) = Math.DivRem(index, s.OutHeight);
            var depth = s.Depth;
            var sample = s.Image + n * s.SampleStride;
            var plane = (nint)s.Height * s.Width;
            var target = rows + ((nint)n * s.Positions + (nint)oh * s.OutWidth) * rowStride;
            var vectors = s.Dilation == 1 && s.KernelWidth <= Vector128<float>.Count;
            for (var ow = 0; ow < s.OutWidth; ow++, target += rowStride)
            {
                var k = 0;
                var iw = ow * s.Stride - s.Pad;
                var inside = iw >= 0 && iw + ((s.KernelWidth - 1) * s.Dilation) < s.Width;
                var wide = vectors && inside && iw + Vector128<float>.Count <= s.Width;
                for (var c = 0; c < s.Channels; c++)
                {
                    for (var kh = 0; kh < s.KernelHeight; kh++)
                    {
                        var ih = oh * s.Stride - s.Pad + kh * s.Dilation;
                        if (ih < 0 || ih >= s.Height)
                        {
                            for (var kw = 0; kw < s.KernelWidth; kw++)
                            {
                                target[k++] = 0f;
                            }

                            continue;
                        }

                        var row = sample + c * plane + (nint)ih * s.Width + iw;
                        if (wide && k + Vector128<float>.Count <= depth)
                        {
                            Vector128.Store(Vector128.Load(row), target + k);
                            k += s.KernelWidth;
                        }
                        else if (inside)
                        {
                            for (var kw = 0; kw < s.KernelWidth; kw++)
                            {
                                target[k++] = row[kw * s.Dilation];
                            }
                        }
                        else
                        {
                            for (var kw = 0; kw < s.KernelWidth; kw++)
                            {
                                target[k++] = (uint)(iw + (kw * s.Dilation)) < (uint)s.Width ? row[kw * s.Dilation] : 0f;
                            }
                        }
                    }
                }

                new Span<float>(target + depth, rowStride - depth).Clear();
            }
        }
    }

    /// <summary>FoldSamples' (sample, channel) pairs as a parallel loop body: each clears its plane, then folds into it.</summary>
    private readonly unsafe struct FoldSampleChannels(ConvGeometry g, float* columns, float* images, nint sampleStride) : IParallelBody
    {
        public void Run(int index)
        {
            var (n, channel) = Math.DivRem(index, g.InChannels);
            var image = images + n * sampleStride;
            var plane = g.InHeight * g.InWidth;
            new Span<float>(image + (nint)channel * plane, plane).Clear();
            var sampleColumns = columns + (nint)n * g.InChannels * g.KernelHeight * g.KernelWidth * g.OutHeight * g.OutWidth;
            FoldChannel(g, sampleColumns, image, channel);
        }
    }
}
