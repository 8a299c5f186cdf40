using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// The columns of a padded convolution on a small plane (VGG's and ResNet's 8×8 and 4×4 stages), ordered so that
/// <see cref="ConvGemm"/> skips the taps that fall on the padding: column j is output position j / N of sample j % N,
/// and depth row k is tap k / C of channel k % C (the weight packed to match by
/// <see cref="PackedWeightCache.TapMajorA"/>). A panel of 32 columns then holds one or two positions, whose taps inside
/// the image form one rectangle of the kernel, so the product runs over that rectangle's depth ranges only: on a 4×4
/// plane with a 3×3 pad-1 kernel 69% of the multiply-adds, on 8×8 84%. The input is read from a copy with the samples
/// innermost ([C, H, W, N], <see cref="Transpose"/>), so a panel's row is a contiguous run of samples.
/// </summary>
internal readonly unsafe struct TapMajorColumns : IConvPanels
{
    // Planes up to this many output positions (8×8).
    private const int MaxPositions = 64;

    // Batches from this size: a panel then spans at most four positions.
    private const int MinBatch = 8;

    // Copies from this many floats are split across the cores.
    private const long ParallelFloats = 1 << 15;

    // Taken where the taps inside the image are at most this fraction of all (a 4×4 plane: 69%; an 8×8 one, 84%, runs
    // as fast either way: the scattered stores and the copy cost what the skipped taps save), or at a stride above 1,
    // whose columns the other path gathers one by one.
    private const double MaxUseful = 0.8;

    private readonly float* _samplesInner;
    private readonly int _batch;
    private readonly ConvGeometry _g;

    /// <param name="samplesInner">The input with the samples innermost (<see cref="Transpose"/>).</param>
    /// <param name="g">The convolution, one group.</param>
    public TapMajorColumns(float* samplesInner, in ConvGeometry g)
    {
        _samplesInner = samplesInner;
        _batch = g.Batch;
        _g = g;
    }

    /// <inheritdoc />
    public static bool SamplesInner => true;

    /// <inheritdoc />
    public int Depth => _g.InChannels * _g.KernelHeight * _g.KernelWidth;

    /// <inheritdoc />
    public int Positions => _g.OutHeight * _g.OutWidth;

    /// <summary>
    /// Whether a forward convolution runs on these columns: one group, padding, a plane of at most 64 output positions,
    /// a batch of at least 8, a kernel of at most 8 rows, and at a stride of 1 at most 80% of the taps inside the image.
    /// </summary>
    public static bool Applies(in ConvGeometry g)
    {
        if (g.Groups != 1 || g.Pad == 0 || g.Batch < MinBatch || g.OutHeight * g.OutWidth > MaxPositions
            || g.KernelHeight > IConvPanels.MaxRanges || (long)g.Batch * g.InChannels * g.InHeight * g.InWidth > int.MaxValue)
        {
            return false;
        }

        long useful = 0;
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            var (kh0, kh1) = Taps(oh, g.Stride, g.Pad, g.Dilation, g.InHeight, g.KernelHeight);
            for (var ow = 0; ow < g.OutWidth; ow++)
            {
                var (kw0, kw1) = Taps(ow, g.Stride, g.Pad, g.Dilation, g.InWidth, g.KernelWidth);
                useful += (long)Math.Max(0, kh1 - kh0 + 1) * Math.Max(0, kw1 - kw0 + 1);
            }
        }

        return g.Stride > 1 || useful <= MaxUseful * g.OutHeight * g.OutWidth * g.KernelHeight * g.KernelWidth;
    }

    /// <summary>x [N, <paramref name="plane"/>] into <paramref name="target"/> [plane, N], split across the cores when large.</summary>
    public static void Transpose(float* x, int batch, int plane, float* target)
    {
        var chunks = (long)batch * plane >= ParallelFloats ? 4 * Environment.ProcessorCount : 1;
        var body = new Transposition(x, batch, plane, target, chunks);
        if (chunks == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(chunks, ref body);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(long first, int count, int width, float* panel)
    {
        var (kh0, kh1, kw0, kw1) = Window(first, count);
        var channels = _g.InChannels;
        var channelStride = (nint)_g.InHeight * _g.InWidth * _batch;
        for (var kh = kh0; kh <= kh1; kh++)
        {
            for (var kw = kw0; kw <= kw1; kw++)
            {
                var rows = panel + (nint)((kh * _g.KernelWidth) + kw) * channels * width;
                var j = 0;
                while (j < count)
                {
                    var (p, n) = Math.DivRem(first + j, _batch);
                    var run = (int)Math.Min(_batch - n, count - j);
                    var (oh, ow) = Math.DivRem((int)p, _g.OutWidth);
                    var ih = (oh * _g.Stride) - _g.Pad + (kh * _g.Dilation);
                    var iw = (ow * _g.Stride) - _g.Pad + (kw * _g.Dilation);
                    if (ih >= 0 && ih < _g.InHeight && iw >= 0 && iw < _g.InWidth)
                    {
                        var source = _samplesInner + (((nint)ih * _g.InWidth) + iw) * _batch + n;
                        for (var c = 0; c < channels; c++)
                        {
                            SpanVectors.Copy(source + c * channelStride, rows + (nint)c * width + j, run);
                        }
                    }
                    else
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            new Span<float>(rows + (nint)c * width + j, run).Clear();
                        }
                    }

                    j += run;
                }

                if (count < width)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        new Span<float>(rows + (nint)c * width + count, width - count).Clear();
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public int Ranges(long first, int count, int* ranges)
    {
        var (kh0, kh1, kw0, kw1) = Window(first, count);
        if (kh0 > kh1 || kw0 > kw1)
        {
            return 0;
        }

        var tapRow = _g.KernelWidth * _g.InChannels;
        if (kw0 == 0 && kw1 == _g.KernelWidth - 1)
        {
            ranges[0] = kh0 * tapRow;
            ranges[1] = (kh1 + 1) * tapRow;
            return 1;
        }

        for (var kh = kh0; kh <= kh1; kh++)
        {
            ranges[2 * (kh - kh0)] = (kh * tapRow) + (kw0 * _g.InChannels);
            ranges[(2 * (kh - kh0)) + 1] = (kh * tapRow) + ((kw1 + 1) * _g.InChannels);
        }

        return kh1 - kh0 + 1;
    }

    /// <summary>The rectangle of taps inside the image for any of the columns' positions (empty when kh0 &gt; kh1).</summary>
    private (int Kh0, int Kh1, int Kw0, int Kw1) Window(long first, int count)
    {
        var (kh0, kh1, kw0, kw1) = (int.MaxValue, -1, int.MaxValue, -1);
        var last = (int)((first + count - 1) / _batch);
        for (var p = (int)(first / _batch); p <= last; p++)
        {
            var (oh, ow) = Math.DivRem(p, _g.OutWidth);
            var (h0, h1) = Taps(oh, _g.Stride, _g.Pad, _g.Dilation, _g.InHeight, _g.KernelHeight);
            var (w0, w1) = Taps(ow, _g.Stride, _g.Pad, _g.Dilation, _g.InWidth, _g.KernelWidth);
            if (h0 <= h1 && w0 <= w1)
            {
                (kh0, kh1, kw0, kw1) = (Math.Min(kh0, h0), Math.Max(kh1, h1), Math.Min(kw0, w0), Math.Max(kw1, w1));
            }
        }

        return (kh0, kh1, kw0, kw1);
    }

    /// <summary>The first and last tap of a kernel of <paramref name="kernel"/> taps that read inside the image at output <paramref name="o"/>.</summary>
    private static (int First, int Last) Taps(int o, int stride, int pad, int dilation, int extent, int kernel)
    {
        var origin = (o * stride) - pad;
        var first = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
        var last = Math.Min(kernel - 1, (extent - 1 - origin) / dilation);
        return (first, origin > extent - 1 ? -1 : last);
    }

    /// <summary>One chunk of the plane's positions per iteration, all samples.</summary>
    private readonly struct Transposition(float* x, int batch, int plane, float* target, int chunks) : IParallelBody
    {
        /// <summary>
        /// Plane positions [first, end) of every sample: 8 samples by 8 positions a register transpose where AVX runs,
        /// the rest float by float (one float per row of the target, a line apart, made this 3.6% of a ResNet-18
        /// training step).
        /// </summary>
        public void Run(int chunk)
        {
            var size = GemmPacking.BlockCount(plane, chunks);
            var first = chunk * size;
            var end = Math.Min(plane, first + size);
            var (samples, positions) = (0, first);
            if (CpuKernels.Vector256 && Avx.IsSupported)
            {
                (samples, positions) = (batch / 8 * 8, first + ((end - first) / 8 * 8));
                for (var n0 = 0; n0 < samples; n0 += 8)
                {
                    for (var i0 = first; i0 < positions; i0 += 8)
                    {
                        GemmPacking.TransposeEight(x + ((nint)n0 * plane) + i0, plane, target + ((nint)i0 * batch) + n0, batch);
                    }
                }
            }

            for (var n = 0; n < batch; n++)
            {
                var source = x + ((nint)n * plane);
                for (var i = n < samples ? positions : first; i < end; i++)
                {
                    target[((nint)i * batch) + n] = source[i];
                }
            }
        }
    }
}
