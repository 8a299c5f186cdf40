using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// The im2col matrix of a whole batch, never stored: B[k, (n, p)] for tap k = (c, kh, kw) and output position p of
/// sample n is the input value that tap sees there (0 in the padding). <see cref="Pack"/> writes a few of its columns
/// straight into a GEMM panel, so a convolution reads its input once per panel instead of writing and rereading a
/// full column matrix. A 1×1, stride-1 geometry makes B the input itself (a pointwise convolution, or dY read as the
/// B operand of the input-gradient product).
/// </summary>
internal readonly unsafe struct ConvColumns : IConvPanels
{
    /// <summary>Sample 0's first channel (of the group).</summary>
    public readonly float* Image;

    /// <summary>Floats from one sample's first channel to the next sample's.</summary>
    public readonly nint SampleStride;

    public readonly int Channels;
    public readonly int Height;
    public readonly int Width;
    public readonly int KernelHeight;
    public readonly int KernelWidth;
    public readonly int Stride;
    public readonly int Pad;
    public readonly int Dilation;
    public readonly int OutHeight;
    public readonly int OutWidth;

    /// <summary>Whether reads may go a little past the image's last float (a <see cref="PaddedInput"/> copy, which has slack behind it).</summary>
    public readonly bool Slack;

    public ConvColumns(float* image, nint sampleStride, in ConvGeometry group, bool slack = false)
    {
        Slack = slack;
        Image = image;
        SampleStride = sampleStride;
        Channels = group.InChannels;
        Height = group.InHeight;
        Width = group.InWidth;
        KernelHeight = group.KernelHeight;
        KernelWidth = group.KernelWidth;
        Stride = group.Stride;
        Pad = group.Pad;
        Dilation = group.Dilation;
        OutHeight = group.OutHeight;
        OutWidth = group.OutWidth;
    }

    /// <summary>A [channels, height·width] plane per sample read as the columns of a 1×1, stride-1 convolution.</summary>
    public static ConvColumns Plain(float* image, nint sampleStride, int channels, int height, int width) =>
        new(image, sampleStride, new ConvGeometry(1, channels, height, width, 1, 1, 1, 1, 0, height, width));

    /// <summary>The rows of B: Channels · KernelHeight · KernelWidth.</summary>
    public int Depth => Channels * KernelHeight * KernelWidth;

    /// <summary>Output positions per sample.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <inheritdoc />
    public static bool SamplesInner => false;

    /// <inheritdoc />
    public int Ranges(long first, int count, int* ranges)
    {
        ranges[0] = 0;
        ranges[1] = Depth;
        return 1;
    }

    /// <summary>
    /// Writes columns [first, first + count) of B into <paramref name="panel"/> as the micro-kernel reads it: for each
    /// k, <paramref name="width"/> floats, the columns side by side, zero past <paramref name="count"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(long first, int count, int width, float* panel)
    {
        var positions = Positions;
        var depth = Depth;
        var j = PackRowChunks(first, count, width, panel);
        while (j < count)
        {
            var (n, p) = Math.DivRem(first + j, positions);
            var (oh, ow) = Math.DivRem((int)p, OutWidth);
            var segment = Math.Min(OutWidth - ow, count - j);
            PackSegment(Image + n * SampleStride, oh, ow, segment, width, panel + j);
            j += segment;
        }

        if (count < width)
        {
            for (var k = 0; k < depth; k++)
            {
                new Span<float>(panel + (nint)k * width + count, width - count).Clear();
            }
        }
    }

    /// <summary>
    /// The leading columns of <see cref="Pack"/> 16 at a time where 16 positions are whole output rows narrower than a
    /// vector (ResNet's and VGG's 8×8 and 4×4 planes, 2 and 4 rows): each tap's 16 values are one permute of the two
    /// vectors from the first row's start, instead of a short copy per row. Only on a padded copy at stride 1, whose
    /// slack covers the second vector's read past the last plane. Returns how many columns it packed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int PackRowChunks(long first, int count, int width, float* panel)
    {
        const int Lanes = 16;
        var rows = Lanes / Math.Max(OutWidth, 1);
        if (!Slack || Pad != 0 || Stride != 1 || OutWidth >= Lanes || Lanes % OutWidth != 0 || Positions % Lanes != 0
            || first % Lanes != 0 || ((rows - 1) * Width) + OutWidth > 2 * Lanes || !CpuKernels.Vector512 || !Avx512F.IsSupported)
        {
            return 0;
        }

        // Lane i takes row i / OutWidth, position i % OutWidth of the two vectors read at the first row's start.
        var lanes = stackalloc int[Lanes];
        for (var i = 0; i < Lanes; i++)
        {
            lanes[i] = (i / OutWidth * Width) + (i % OutWidth);
        }

        var index = Vector512.Load(lanes);
        var plane = (nint)Height * Width;
        var taps = KernelHeight * KernelWidth;
        var j = 0;
        for (; j + Lanes <= count; j += Lanes)
        {
            var (n, p) = Math.DivRem(first + j, Positions);
            var origin = Image + (n * SampleStride) + ((nint)(p / OutWidth) * Width);
            for (var c = 0; c < Channels; c++)
            {
                var target = panel + j + ((nint)c * taps * width);
                for (var kh = 0; kh < KernelHeight; kh++)
                {
                    var row = origin + (c * plane) + ((nint)kh * Dilation * Width);
                    for (var kw = 0; kw < KernelWidth; kw++, target += width)
                    {
                        var source = row + (kw * Dilation);
                        Avx512F.PermuteVar16x32x2(Vector512.Load(source), index, Vector512.Load(source + Lanes)).Store(target);
                    }
                }
            }
        }

        return j;
    }

    /// <summary>One output row's run of <paramref name="segment"/> positions from (oh, ow), every tap.</summary>
    private void PackSegment(float* sample, int oh, int ow, int segment, int width, float* target)
    {
        var plane = (nint)Height * Width;
        if (Pad == 0)
        {
            PackUnpaddedSegment(sample + ((nint)oh * Stride * Width) + (ow * Stride), plane, segment, width, target);
            return;
        }

        var firstIw = ow * Stride - Pad;
        for (var c = 0; c < Channels; c++)
        {
            var channel = sample + c * plane;
            for (var kh = 0; kh < KernelHeight; kh++)
            {
                var ih = oh * Stride - Pad + kh * Dilation;
                var rowTarget = target + (nint)((c * KernelHeight + kh) * KernelWidth) * width;
                if (ih < 0 || ih >= Height)
                {
                    for (var kw = 0; kw < KernelWidth; kw++)
                    {
                        new Span<float>(rowTarget + (nint)kw * width, segment).Clear();
                    }

                    continue;
                }

                var row = channel + (nint)ih * Width;
                for (var kw = 0; kw < KernelWidth; kw++)
                {
                    var iw = firstIw + kw * Dilation;
                    var destination = rowTarget + (nint)kw * width;

                    // Positions t in [valid, end) read iw + t·stride inside [0, Width).
                    var valid = iw >= 0 ? 0 : Math.Min((-iw + Stride - 1) / Stride, segment);
                    var end = iw > Width - 1 ? valid : Math.Clamp((Width - 1 - iw) / Stride + 1, valid, segment);
                    for (var t = 0; t < valid; t++)
                    {
                        destination[t] = 0f;
                    }

                    for (var t = end; t < segment; t++)
                    {
                        destination[t] = 0f;
                    }

                    var source = row + iw + (nint)valid * Stride;
                    if (Stride == 1)
                    {
                        SpanVectors.Copy(source, destination + valid, end - valid);
                    }
                    else
                    {
                        for (var t = valid; t < end; t++, source += Stride)
                        {
                            destination[t] = *source;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="PackSegment"/> without padding (as on a <see cref="PaddedInput"/> copy): every tap's run is one copy
    /// from <paramref name="origin"/>, the segment's first position in channel 0, or at stride 2 one gather of the
    /// even floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackUnpaddedSegment(float* origin, nint plane, int segment, int width, float* target)
    {
        for (var c = 0; c < Channels; c++)
        {
            for (var kh = 0; kh < KernelHeight; kh++)
            {
                var row = origin + (c * plane) + ((nint)kh * Dilation * Width);
                for (var kw = 0; kw < KernelWidth; kw++, target += width)
                {
                    if (Stride == 1)
                    {
                        SpanVectors.Copy(row + (kw * Dilation), target, segment);
                    }
                    else
                    {
                        Gather(row + (kw * Dilation), Stride, target, segment, Slack);
                    }
                }
            }
        }
    }

    /// <summary>
    /// target[t] = source[t · stride]; at stride 2, 16 at a time from two vectors, which read one float past the last
    /// one taken: past the run's end only with <paramref name="slack"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(float* source, int stride, float* target, int count, bool slack)
    {
        var t = 0;
        if (stride == 2 && CpuKernels.Vector512 && Avx512F.IsSupported)
        {
            var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            var end = slack ? count : count - 1;
            for (; t + Vector512<float>.Count <= end; t += Vector512<float>.Count)
            {
                var first = source + (2 * t);
                Avx512F.PermuteVar16x32x2(Vector512.Load(first), evens, Vector512.Load(first + Vector512<float>.Count)).Store(target + t);
            }
        }

        for (; t < count; t++)
        {
            target[t] = source[(nint)t * stride];
        }
    }
}
