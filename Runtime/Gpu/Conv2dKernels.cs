using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Direct convolution kernels, NCHW, one thread per output element, every size read from the
/// <see cref="ConvGeometry"/> argument: correct, not fast (a later issue tiles them). Backward is split into gathers
/// so that no two threads write one element: dx (one thread per input element), dw (one per weight) and db (one per
/// output channel). Output channel oc belongs to group oc / GroupOutChannels and reads only that group's input
/// channels; the weight is [OC, C / groups, KH, KW], and taps are Dilation apart.
/// </summary>
internal static class Conv2dKernels
{
    /// <summary>
    /// y[n, oc, oh, ow] = act(Σ x·w + b[oc] + residual[n, oc, oh, ow]); b is read only when <paramref name="hasBias"/> ≠ 0,
    /// the residual only when <paramref name="hasResidual"/> ≠ 0.
    /// </summary>
    public static void Forward(
        Index1D index, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> residual, ArrayView<float> y, ConvGeometry g,
        int hasBias, int hasResidual, int activation)
    {
        var ow = index % g.OutWidth;
        var rest = index / g.OutWidth;
        var oh = rest % g.OutHeight;
        rest /= g.OutHeight;
        var oc = rest % g.OutChannels;
        var n = rest / g.OutChannels;
        var groupChannels = g.InChannels / g.Groups;
        var firstChannel = oc / (g.OutChannels / g.Groups) * groupChannels;
        var sum = 0f;
        for (var c = 0; c < groupChannels; c++)
        {
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
                    if (iw < 0 || iw >= g.InWidth)
                    {
                        continue;
                    }

                    sum += x[((n * g.InChannels + firstChannel + c) * g.InHeight + ih) * g.InWidth + iw] *
                           w[((oc * groupChannels + c) * g.KernelHeight + kh) * g.KernelWidth + kw];
                }
            }
        }

        if (hasBias != 0)
        {
            sum += b[oc];
        }

        if (hasResidual != 0)
        {
            sum += residual[index];
        }

        y[index] = ActivationKernels.Apply(activation, sum);
    }

    /// <summary>
    /// dx[n, c, ih, iw] = Σ over the outputs whose window reads it of dy·w (the transposed convolution), with dy the
    /// gradient before the activation.
    /// </summary>
    public static void InputGradient(Index1D index, ArrayView<float> dy, ArrayView<float> w, ArrayView<float> dx, ConvGeometry g)
    {
        var iw = index % g.InWidth;
        var rest = index / g.InWidth;
        var ih = rest % g.InHeight;
        rest /= g.InHeight;
        var c = rest % g.InChannels;
        var n = rest / g.InChannels;
        var groupChannels = g.InChannels / g.Groups;
        var groupOutChannels = g.OutChannels / g.Groups;
        var firstOutChannel = c / groupChannels * groupOutChannels;
        var sum = 0f;
        for (var oc = firstOutChannel; oc < firstOutChannel + groupOutChannels; oc++)
        {
            for (var kh = 0; kh < g.KernelHeight; kh++)
            {
                var ohScaled = ih + g.Pad - kh * g.Dilation;
                if (ohScaled < 0 || ohScaled % g.Stride != 0 || ohScaled / g.Stride >= g.OutHeight)
                {
                    continue;
                }

                var oh = ohScaled / g.Stride;
                for (var kw = 0; kw < g.KernelWidth; kw++)
                {
                    var owScaled = iw + g.Pad - kw * g.Dilation;
                    if (owScaled < 0 || owScaled % g.Stride != 0 || owScaled / g.Stride >= g.OutWidth)
                    {
                        continue;
                    }

                    var ow = owScaled / g.Stride;
                    sum += dy[((n * g.OutChannels + oc) * g.OutHeight + oh) * g.OutWidth + ow] *
                           w[((oc * groupChannels + c % groupChannels) * g.KernelHeight + kh) * g.KernelWidth + kw];
                }
            }
        }

        dx[index] = sum;
    }

    /// <summary>dw[oc, c, kh, kw] (c within oc's group) = Σ over the batch and the output positions of dy·x (the correlation of x with dy).</summary>
    public static void WeightGradient(Index1D index, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw, ConvGeometry g)
    {
        var kw = index % g.KernelWidth;
        var rest = index / g.KernelWidth;
        var kh = rest % g.KernelHeight;
        rest /= g.KernelHeight;
        var groupChannels = g.InChannels / g.Groups;
        var oc = rest / groupChannels;
        var c = oc / (g.OutChannels / g.Groups) * groupChannels + rest % groupChannels;
        var sum = 0f;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                var ih = oh * g.Stride - g.Pad + kh * g.Dilation;
                if (ih < 0 || ih >= g.InHeight)
                {
                    continue;
                }

                for (var ow = 0; ow < g.OutWidth; ow++)
                {
                    var iw = ow * g.Stride - g.Pad + kw * g.Dilation;
                    if (iw < 0 || iw >= g.InWidth)
                    {
                        continue;
                    }

                    sum += dy[((n * g.OutChannels + oc) * g.OutHeight + oh) * g.OutWidth + ow] *
                           x[((n * g.InChannels + c) * g.InHeight + ih) * g.InWidth + iw];
                }
            }
        }

        dw[index] = sum;
    }

    /// <summary>
    /// db[oc] = Σ over the batch and the output positions of dy, summed in double as <see cref="Conv2dCpu"/> does (a
    /// channel can collect millions of terms over a large batch).
    /// </summary>
    public static void BiasGradient(Index1D oc, ArrayView<float> dy, ArrayView<float> db, ConvGeometry g)
    {
        var positions = g.OutHeight * g.OutWidth;
        double sum = 0;
        for (var n = 0; n < g.Batch; n++)
        {
            var start = (n * g.OutChannels + oc) * positions;
            for (var p = 0; p < positions; p++)
            {
                sum += dy[start + p];
            }
        }

        db[oc] = (float)sum;
    }
}
