using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// The B operand of a convolution's weight gradient on a small padded plane, where <see cref="TapMajorColumns"/> runs
/// the forward pass: B[(p, n), t·C + c] = x[n, c, the input tap t reads from output p] (0 on the padding), read from x
/// with the samples innermost. <see cref="ConvGemm"/> forms dW, tap-major, as dY [OC, (p, n)] · B; a 32-column panel
/// holds the channels of one or two taps, and runs over the output positions those taps read inside the image only
/// (on a 4×4 plane with a 3×3 pad-1 kernel 69% of them, on 2×2 44%).
/// </summary>
internal readonly unsafe struct TapMajorWeightPanels : IConvPanels
{
    private readonly float* _samplesInner;
    private readonly ConvGeometry _g;

    /// <param name="samplesInner">The input with the samples innermost (<see cref="TapMajorColumns.Transpose"/>).</param>
    /// <param name="g">The convolution, one group.</param>
    public TapMajorWeightPanels(float* samplesInner, in ConvGeometry g)
    {
        _samplesInner = samplesInner;
        _g = g;
    }

    /// <inheritdoc />
    public static bool SamplesInner => false;

    /// <summary>The product's depth: the batch's output positions, (p, n) with the samples innermost.</summary>
    public int Depth => _g.OutHeight * _g.OutWidth * _g.Batch;

    /// <summary>The product's columns, as one sample's positions: C · KH · KW, tap-major.</summary>
    public int Positions => _g.InChannels * _g.KernelHeight * _g.KernelWidth;

    /// <summary>
    /// Packs the panel's rows for the positions in the columns' box. Eight columns of one tap go through 8 × 8 register
    /// transposes where AVX runs (eight channels' runs of samples become eight samples' rows of channels); the rest,
    /// and the columns past the product's, float by float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(long first, int count, int width, float* panel)
    {
        var box = Box(first, count);
        var transposes = CpuKernels.Vector256 && Avx.IsSupported;
        var column = 0;
        while (column < width)
        {
            var (tap, c) = column < count ? Math.DivRem((int)first + column, _g.InChannels) : (-1, 0);
            if (transposes && column + 8 <= count && c + 8 <= _g.InChannels)
            {
                PackEight(box, tap, c, width, panel + column);
                column += 8;
            }
            else
            {
                PackOne(box, tap, c, width, panel + column);
                column++;
            }
        }
    }

    /// <summary>One column (tap <paramref name="tap"/>, channel <paramref name="c"/>; a tap of −1 is a zero column) at <paramref name="target"/>.</summary>
    private void PackOne((int Oh0, int Oh1, int Ow0, int Ow1) box, int tap, int c, int width, float* target)
    {
        var batch = _g.Batch;
        var channel = _samplesInner + (c * (nint)_g.InHeight * _g.InWidth * batch);
        for (var oh = box.Oh0; oh <= box.Oh1; oh++)
        {
            for (var ow = box.Ow0; ow <= box.Ow1; ow++)
            {
                var rows = target + ((((nint)oh * _g.OutWidth) + ow) * batch * width);
                var source = tap >= 0 ? Source(channel, tap, oh, ow) : null;
                for (var n = 0; n < batch; n++)
                {
                    rows[(nint)n * width] = source is null ? 0 : source[n];
                }
            }
        }
    }

    /// <summary>Eight columns of tap <paramref name="tap"/>, channels <paramref name="c"/> to c + 7, at <paramref name="target"/>.</summary>
    private void PackEight((int Oh0, int Oh1, int Ow0, int Ow1) box, int tap, int c, int width, float* target)
    {
        var batch = _g.Batch;
        var channelStride = (nint)_g.InHeight * _g.InWidth * batch;
        var channel = _samplesInner + (c * channelStride);
        var transposed = batch / 8 * 8;
        for (var oh = box.Oh0; oh <= box.Oh1; oh++)
        {
            for (var ow = box.Ow0; ow <= box.Ow1; ow++)
            {
                var rows = target + ((((nint)oh * _g.OutWidth) + ow) * batch * width);
                var source = Source(channel, tap, oh, ow);
                if (source is null)
                {
                    for (var n = 0; n < batch; n++)
                    {
                        Vector256<float>.Zero.Store(rows + ((nint)n * width));
                    }

                    continue;
                }

                for (var n = 0; n < transposed; n += 8)
                {
                    GemmPacking.TransposeEight(source + n, channelStride, rows + ((nint)n * width), width);
                }

                for (var n = transposed; n < batch; n++)
                {
                    for (var i = 0; i < 8; i++)
                    {
                        rows[((nint)n * width) + i] = source[(i * channelStride) + n];
                    }
                }
            }
        }
    }

    /// <summary>The samples of <paramref name="channel"/> that tap <paramref name="tap"/> reads at output (oh, ow), or null on the padding.</summary>
    private float* Source(float* channel, int tap, int oh, int ow)
    {
        var (kh, kw) = Math.DivRem(tap, _g.KernelWidth);
        var ih = (oh * _g.Stride) - _g.Pad + (kh * _g.Dilation);
        var iw = (ow * _g.Stride) - _g.Pad + (kw * _g.Dilation);
        return ih >= 0 && ih < _g.InHeight && iw >= 0 && iw < _g.InWidth
            ? channel + ((((nint)ih * _g.InWidth) + iw) * _g.Batch)
            : null;
    }

    /// <inheritdoc />
    public int Ranges(long first, int count, int* ranges)
    {
        var (oh0, oh1, ow0, ow1) = Box(first, count);
        if (oh0 > oh1 || ow0 > ow1)
        {
            return 0;
        }

        var row = (nint)_g.OutWidth * _g.Batch;
        if ((ow0 == 0 && ow1 == _g.OutWidth - 1) || oh1 - oh0 + 1 > IConvPanels.MaxRanges)
        {
            // Whole rows of positions are one range; so are more rows than ranges allow (the gaps were packed as zeros).
            ranges[0] = (int)((oh0 * row) + ((nint)ow0 * _g.Batch));
            ranges[1] = (int)((oh1 * row) + ((nint)(ow1 + 1) * _g.Batch));
            return 1;
        }

        for (var oh = oh0; oh <= oh1; oh++)
        {
            ranges[2 * (oh - oh0)] = (int)((oh * row) + ((nint)ow0 * _g.Batch));
            ranges[(2 * (oh - oh0)) + 1] = (int)((oh * row) + ((nint)(ow1 + 1) * _g.Batch));
        }

        return oh1 - oh0 + 1;
    }

    /// <summary>The rectangle of output positions at which any of the columns' taps reads inside the image.</summary>
    private (int Oh0, int Oh1, int Ow0, int Ow1) Box(long first, int count)
    {
        var (oh0, oh1, ow0, ow1) = (int.MaxValue, -1, int.MaxValue, -1);
        var last = (int)((first + count - 1) / _g.InChannels);
        for (var tap = (int)(first / _g.InChannels); tap <= last; tap++)
        {
            var (kh, kw) = Math.DivRem(tap, _g.KernelWidth);
            var (h0, h1) = Outputs(kh, _g.InHeight, _g.OutHeight);
            var (w0, w1) = Outputs(kw, _g.InWidth, _g.OutWidth);
            if (h0 <= h1 && w0 <= w1)
            {
                (oh0, oh1, ow0, ow1) = (Math.Min(oh0, h0), Math.Max(oh1, h1), Math.Min(ow0, w0), Math.Max(ow1, w1));
            }
        }

        return (oh0, oh1, ow0, ow1);
    }

    /// <summary>The first and last output index at which tap <paramref name="k"/> reads inside an extent of the input.</summary>
    private (int First, int Last) Outputs(int k, int extent, int outputs)
    {
        // Input index o·stride − pad + k·dilation in [0, extent).
        var offset = (k * _g.Dilation) - _g.Pad;
        var first = offset >= 0 ? 0 : (-offset + _g.Stride - 1) / _g.Stride;
        var last = extent - 1 - offset < 0 ? -1 : Math.Min(outputs - 1, (extent - 1 - offset) / _g.Stride);
        return (first, last);
    }
}
