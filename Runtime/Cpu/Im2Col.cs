using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// The im2col transform of one sample and its adjoint. Columns are [C·KH·KW, OH·OW]: row (c, kh, kw) holds, for
/// each output position, the input value that kernel tap sees there, or 0 where it falls in the padding. Taps are
/// <see cref="ConvGeometry.Dilation"/> apart. The geometry is one group's (<see cref="ConvGeometry.OneGroup"/>).
/// </summary>
internal static class Im2Col
{
    // Below this many column values the work is too small to split across threads.
    private const int ParallelThreshold = 1 << 16;

    /// <summary>Writes the columns of <paramref name="image"/> ([C, H, W]) into <paramref name="columns"/>.</summary>
    public static unsafe void Expand(in ConvGeometry g, ReadOnlySpan<float> image, Span<float> columns)
    {
        var geometry = g;
        var taps = g.KernelHeight * g.KernelWidth;
        var rows = g.InChannels * taps;
        var positions = g.OutHeight * g.OutWidth;
        fixed (float* imageFixed = image, columnsFixed = columns)
        {
            float* imageStart = imageFixed, columnsStart = columnsFixed;
            if ((long)rows * positions < ParallelThreshold)
            {
                for (var row = 0; row < rows; row++)
                {
                    ExpandRow(geometry, imageStart, columnsStart, row);
                }

                return;
            }

            var body = new ExpandRows(geometry, imageStart, columnsStart);
            CpuParallel.For(rows, ref body);
        }
    }

    /// <summary>
    /// Adds every column value back onto the input position it came from: <paramref name="image"/> += col2im(columns).
    /// </summary>
    public static unsafe void Fold(in ConvGeometry g, ReadOnlySpan<float> columns, Span<float> image)
    {
        var geometry = g;
        var rows = g.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        fixed (float* imageFixed = image, columnsFixed = columns)
        {
            float* imageStart = imageFixed, columnsStart = columnsFixed;
            if ((long)rows * positions < ParallelThreshold)
            {
                for (var channel = 0; channel < g.InChannels; channel++)
                {
                    FoldChannel(geometry, columnsStart, imageStart, channel);
                }

                return;
            }

            // Each channel's taps write only to that channel's plane, so channels are independent.
            var body = new FoldChannels(geometry, columnsStart, imageStart);
            CpuParallel.For(g.InChannels, ref body);
        }
    }

    private static unsafe void ExpandRow(in ConvGeometry g, float* image, float* columns, int row)
    {
        var (channel, tap) = Math.DivRem(row, g.KernelHeight * g.KernelWidth);
        var (kh, kw) = Math.DivRem(tap, g.KernelWidth);
        var plane = image + (nint)channel * g.InHeight * g.InWidth;
        var target = columns + (nint)row * g.OutHeight * g.OutWidth;
        var (firstOw, endOw) = ValidRange(kw * g.Dilation, g.Pad, g.Stride, g.InWidth, g.OutWidth);
        for (var oh = 0; oh < g.OutHeight; oh++, target += g.OutWidth)
        {
            var ih = oh * g.Stride - g.Pad + kh * g.Dilation;
            if (ih < 0 || ih >= g.InHeight || firstOw >= endOw)
            {
                new Span<float>(target, g.OutWidth).Clear();
                continue;
            }

            for (var ow = 0; ow < firstOw; ow++)
            {
                target[ow] = 0f;
            }

            for (var ow = endOw; ow < g.OutWidth; ow++)
            {
                target[ow] = 0f;
            }

            var source = plane + (nint)ih * g.InWidth + firstOw * g.Stride - g.Pad + kw * g.Dilation;
            if (g.Stride == 1)
            {
                CopyShort(source, target + firstOw, endOw - firstOw);
            }
            else
            {
                for (var ow = firstOw; ow < endOw; ow++, source += g.Stride)
                {
                    target[ow] = *source;
                }
            }
        }
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

    /// <summary>
    /// Copies one output row's worth of floats. Rows are short (24 for LeNet), where Span.CopyTo's call and size
    /// dispatch cost more than the copy: im2col of a 28² image took 6 µs that way.
    /// </summary>
    private static unsafe void CopyShort(float* source, float* target, int count)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
            {
                Vector512.Store(Vector512.Load(source + i), target + i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
            {
                Vector256.Store(Vector256.Load(source + i), target + i);
            }
        }

        for (; i < count; i++)
        {
            target[i] = source[i];
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

    /// <summary>Expand's rows as a parallel loop body.</summary>
    private readonly unsafe struct ExpandRows(ConvGeometry g, float* image, float* columns) : IParallelBody
    {
        public void Run(int index) => ExpandRow(g, image, columns, index);
    }

    /// <summary>Fold's channels as a parallel loop body.</summary>
    private readonly unsafe struct FoldChannels(ConvGeometry g, float* columns, float* image) : IParallelBody
    {
        public void Run(int index) => FoldChannel(g, columns, image, index);
    }
}
