using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Depthwise convolution (one input channel per group, groups = C, each channel feeding C_out / C outputs): too little
/// work per output for a GEMM tile, so each output or input element is one thread over its taps, and each weight's
/// gradient one group that reduces over the batch and positions. Results go through the same
/// <see cref="ChannelPlaneEpilogue"/> as the implicit GEMM, so bias, residual and activation stay fused.
/// </summary>
internal static class DepthwiseConvKernels
{
    /// <summary>y[n, oc, oh, ow] = epilogue(Σ taps x[n, oc / multiplier, ih, iw]·w[oc, 0, kh, kw]).</summary>
    public static void Forward(Index1D index, ArrayView<float> x, ArrayView<float> w, ConvGeometry g, ChannelPlaneEpilogue epilogue)
    {
        var plane = g.OutHeight * g.OutWidth;
        var p = index % plane;
        var rest = index / plane;
        var oc = rest % g.OutChannels;
        var n = rest / g.OutChannels;
        var (oh, ow) = (p / g.OutWidth, p % g.OutWidth);
        var c = oc / g.GroupOutChannels;
        var sum = 0f;
        for (var kh = 0; kh < g.KernelHeight; kh++)
        {
            var ih = oh * g.Stride - g.Pad + kh * g.Dilation;
            if (ih < 0 || ih >= g.InHeight)
            {
                continue;
            }

            for (var kw = 0; kw < g.KernelWidth; kw++)
            {
                var iw = ow * g.Stride - g.Pad + kw * g.Dilation;
                if (iw >= 0 && iw < g.InWidth)
                {
                    sum += x[((n * g.InChannels + c) * g.InHeight + ih) * g.InWidth + iw] * w[(oc * g.KernelHeight + kh) * g.KernelWidth + kw];
                }
            }
        }

        epilogue.Store(oc, n * plane + p, sum);
    }

    /// <summary>dx[n, c, ih, iw] = epilogue(Σ over c's outputs and the taps that read (ih, iw) of dy·w).</summary>
    public static void InputGradient(Index1D index, ArrayView<float> dy, ArrayView<float> w, ConvGeometry g, ChannelPlaneEpilogue epilogue)
    {
        var plane = g.InHeight * g.InWidth;
        var q = index % plane;
        var rest = index / plane;
        var c = rest % g.InChannels;
        var n = rest / g.InChannels;
        var (ih, iw) = (q / g.InWidth, q % g.InWidth);
        var multiplier = g.GroupOutChannels;
        var sum = 0f;
        for (var oc = c * multiplier; oc < (c + 1) * multiplier; oc++)
        {
            for (var kh = 0; kh < g.KernelHeight; kh++)
            {
                var ohScaled = ih + g.Pad - kh * g.Dilation;
                if (ohScaled < 0 || ohScaled % g.Stride != 0 || ohScaled / g.Stride >= g.OutHeight)
                {
                    continue;
                }

                for (var kw = 0; kw < g.KernelWidth; kw++)
                {
                    var owScaled = iw + g.Pad - kw * g.Dilation;
                    if (owScaled >= 0 && owScaled % g.Stride == 0 && owScaled / g.Stride < g.OutWidth)
                    {
                        sum += dy[((n * g.OutChannels + oc) * g.OutHeight + ohScaled / g.Stride) * g.OutWidth + owScaled / g.Stride] *
                               w[(oc * g.KernelHeight + kh) * g.KernelWidth + kw];
                    }
                }
            }
        }

        epilogue.Store(c, n * plane + q, sum);
    }

    /// <summary>
    /// dw[oc, 0, kh, kw] = Σ over the batch and output positions of dy·x: one group per weight (the grid's X index),
    /// its threads striding over the positions, then a group reduction (ILGPU.Algorithms).
    /// </summary>
    public static void WeightGradient(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw, ConvGeometry g)
    {
        var weight = Grid.IdxX;
        var kw = weight % g.KernelWidth;
        var rest = weight / g.KernelWidth;
        var kh = rest % g.KernelHeight;
        var oc = rest / g.KernelHeight;
        var c = oc / g.GroupOutChannels;
        var plane = g.OutHeight * g.OutWidth;
        var sum = 0f;
        for (var position = Group.IdxX; position < g.Batch * plane; position += Group.DimX)
        {
            var n = position / plane;
            var p = position - n * plane;
            var ih = p / g.OutWidth * g.Stride - g.Pad + kh * g.Dilation;
            var iw = p % g.OutWidth * g.Stride - g.Pad + kw * g.Dilation;
            if (ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth)
            {
                sum += dy[(n * g.OutChannels + oc) * plane + p] * x[((n * g.InChannels + c) * g.InHeight + ih) * g.InWidth + iw];
            }
        }

        var total = GroupExtensions.Reduce<float, AddFloat>(sum);
        if (Group.IsFirstThread)
        {
            dw[weight] = total;
        }
    }
}
