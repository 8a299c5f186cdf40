namespace Strata.Cpu;

/// <summary>
/// A convolution whose input plane has no more positions than its kernel has taps (ResNet-18's 1×1 stage and its
/// stride-2 entry from 2×2 on 32×32 images) run as one dense product: with the plane this small, most of im2col's taps fall on the
/// padding, while every output position reads every input position through at most one tap. The weight is expanded
/// once per version into W′ [OC·P_out, C·P_in] (W′[(oc, p), (c, q)] = w[oc, c, tap] when tap leads from output p to
/// input q, else 0), and since NCHW holds each sample as one row of C·P_in values, y = x · W′ᵀ, dx = dz · W′ and
/// dW′ = dzᵀ · x, folded back onto the taps. A 3×3 pad-1 layer on a 1×1 plane does 1/9 of im2col's multiply-adds.
/// </summary>
internal static unsafe class SmallPlaneConv
{
    // The largest expanded weight taken (4M floats, 16 MB).
    private const long MaxExpandedFloats = 1L << 22;

    /// <summary>
    /// Whether <paramref name="g"/> runs here, forward and backward: one group, an input plane of at most KH·KW
    /// positions, a kernel of more than one tap, and W′ no larger than w (a 1×1 plane, or a 2×2 one reached at stride
    /// 2). A 2×2 plane at stride 1 would grow W′ to 16 values per channel pair against w's 9, twice the bytes the
    /// product streams: <see cref="TapMajorColumns"/> skips the padding taps there instead (VGG's 512-channel 2×2
    /// layers at batch 32: 1.9 against 3.5 ms).
    /// </summary>
    public static bool Applies(in ConvGeometry g)
    {
        var taps = g.KernelHeight * g.KernelWidth;
        var inputPlane = g.InHeight * g.InWidth;
        return g.Groups == 1 && taps > 1 && inputPlane <= taps && g.Batch > 0 && Expanded(g) <= MaxExpandedFloats
            && Expanded(g) <= (long)g.OutChannels * g.InChannels * taps;
    }

    private static long Expanded(in ConvGeometry g) => (long)g.OutChannels * g.OutHeight * g.OutWidth * g.InChannels * g.InHeight * g.InWidth;

    /// <summary>y = epilogue(x · W′ᵀ): rows are samples, columns the output's (channel, position) pairs in NCHW order.</summary>
    public static void Forward<TEpilogue>(in ConvGeometry g, Tensor x, Tensor w, Tensor y, TEpilogue epilogue, CpuWorkspace workspace)
        where TEpilogue : struct, IEpilogue
    {
        var (rows, columns) = Sizes(g);
        var packed = workspace.PackedWeights.PlaneWeights(w, g, PlaneOperand.ForwardB);
        Gemm.MultiplyPackedB(g.Batch, rows, columns, x.Span, columns, false, packed, y.Span, rows, false, epilogue, workspace);
    }

    /// <summary>dx = dz · W′, overwritten.</summary>
    public static void InputGradient(in ConvGeometry g, Tensor w, Tensor dy, Tensor dx, CpuWorkspace workspace)
    {
        var (rows, columns) = Sizes(g);
        var expanded = workspace.PackedWeights.PlaneWeights(w, g, PlaneOperand.Expanded);
        Gemm.Multiply(g.Batch, columns, rows, dy.Span, rows, false, expanded, columns, false, dx.Span, columns, false,
            default(ActivationEpilogue<IdentityActivation>), workspace);
    }

    /// <summary>dw = the taps of dW′ = dzᵀ · x, overwritten.</summary>
    public static void WeightGradient(in ConvGeometry g, Tensor x, Tensor dy, Tensor dw, CpuWorkspace workspace)
    {
        var (rows, columns) = Sizes(g);
        var expanded = workspace.Span(WorkspaceSlot.ColumnGradients, rows * columns);
        Gemm.Multiply(rows, columns, g.Batch, dy.Span, rows, true, x.Span, columns, false, expanded, columns, false,
            default(ActivationEpilogue<IdentityActivation>), workspace);
        Fold(g, expanded, dw.Span);
    }

    /// <summary>W′ [OC·P_out, C·P_in] from w [OC, C, KH, KW], row-major, into <paramref name="expanded"/>.</summary>
    internal static void Expand(in ConvGeometry g, ReadOnlySpan<float> w, Span<float> expanded)
    {
        fixed (float* weights = w, target = expanded)
        {
            var body = new Channels(g, weights, target, fold: false);
            ForEachChannel(g, ref body);
        }
    }

    /// <summary>dw[oc, c, tap] = Σ over output positions p of dW′[(oc, p), (c, the input tap reaches from p)].</summary>
    private static void Fold(in ConvGeometry g, ReadOnlySpan<float> expanded, Span<float> dw)
    {
        fixed (float* weights = dw, source = expanded)
        {
            var body = new Channels(g, weights, source, fold: true);
            ForEachChannel(g, ref body);
        }
    }

    /// <summary>
    /// One output channel per iteration, on all cores when W′ is large: training expands and folds every step, and
    /// both stream the whole w (ResNet-18's 512-channel 3×3 weights: 9.4 MB each) for a tenth of its values.
    /// </summary>
    private static void ForEachChannel(in ConvGeometry g, ref Channels body)
    {
        if (Expanded(g) >= Gemm.ParallelPackFloats)
        {
            CpuParallel.For(g.OutChannels, ref body);
            return;
        }

        for (var oc = 0; oc < g.OutChannels; oc++)
        {
            body.Run(oc);
        }
    }

    /// <summary>
    /// Output channel oc's rows of W′ written from w[oc] (<see cref="Expand"/>), or w[oc] (then a gradient) summed from
    /// those rows (<see cref="Fold"/>, <paramref name="fold"/>); every value of the channel's part of the target is
    /// overwritten.
    /// </summary>
    private readonly struct Channels(in ConvGeometry g, float* weights, float* expanded, bool fold) : IParallelBody
    {
        private readonly ConvGeometry _g = g;

        public void Run(int oc)
        {
            var channels = _g.InChannels;
            var inputPlane = _g.InHeight * _g.InWidth;
            var columns = channels * inputPlane;
            var outputPlane = _g.OutHeight * _g.OutWidth;
            var taps = _g.KernelHeight * _g.KernelWidth;
            Span<int> reach = stackalloc int[2 * taps];
            var kernels = weights + (nint)oc * channels * taps;
            var rows = expanded + (nint)oc * outputPlane * columns;
            new Span<float>(fold ? kernels : rows, fold ? channels * taps : outputPlane * columns).Clear();
            for (var p = 0; p < outputPlane; p++)
            {
                var pairs = Reach(_g, p, reach);
                for (var i = 0; i < pairs; i++)
                {
                    // One tap's weights over the channels, a tap-count apart, against one input position's values, a
                    // plane apart: a strided pass with nothing else in the loop.
                    var weight = kernels + reach[2 * i];
                    var value = rows + ((nint)p * columns) + reach[(2 * i) + 1];
                    if (fold)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            weight[(nint)c * taps] += value[(nint)c * inputPlane];
                        }
                    }
                    else
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            value[(nint)c * inputPlane] = weight[(nint)c * taps];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The taps of output position <paramref name="p"/> that read inside the plane, as (tap, input position) pairs in
    /// <paramref name="reach"/>; returns how many.
    /// </summary>
    private static int Reach(in ConvGeometry g, int p, Span<int> reach)
    {
        var (oy, ox) = Math.DivRem(p, g.OutWidth);
        var pairs = 0;
        for (var ky = 0; ky < g.KernelHeight; ky++)
        {
            for (var kx = 0; kx < g.KernelWidth; kx++)
            {
                var iy = (oy * g.Stride) - g.Pad + (ky * g.Dilation);
                var ix = (ox * g.Stride) - g.Pad + (kx * g.Dilation);
                if (iy >= 0 && iy < g.InHeight && ix >= 0 && ix < g.InWidth)
                {
                    reach[2 * pairs] = (ky * g.KernelWidth) + kx;
                    reach[(2 * pairs) + 1] = (iy * g.InWidth) + ix;
                    pairs++;
                }
            }
        }

        return pairs;
    }

    private static (int Rows, int Columns) Sizes(in ConvGeometry g) =>
        (g.OutChannels * g.OutHeight * g.OutWidth, g.InChannels * g.InHeight * g.InWidth);
}
