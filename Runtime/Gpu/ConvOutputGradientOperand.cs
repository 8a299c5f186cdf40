using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// B of a convolution's input gradient (the transposed convolution), without a col2im buffer: op(B)[(oc, kh, kw),
/// (n, ih, iw)] is dy[n, firstOutChannel + oc, oh, ow] for the output (oh, ow) whose window reads (ih, iw) through tap
/// (kh, kw), or 0 when no output does (padding, or a stride that skips it).
/// </summary>
internal readonly struct ConvOutputGradientOperand(ArrayView<float> dy, ConvGeometry g, int firstOutChannel) : IGemmOperand
{
    private readonly ArrayView<float> _dy = dy;
    private readonly ConvGeometry _g = g;
    private readonly int _firstOutChannel = firstOutChannel;

    public int ContiguousInK => 0;

    public float Load(int outer, int k)
    {
        var taps = _g.KernelHeight * _g.KernelWidth;
        var oc = k / taps;
        var kernelIndex = k - oc * taps;
        var kh = kernelIndex / _g.KernelWidth;
        var kw = kernelIndex - kh * _g.KernelWidth;
        var plane = _g.InHeight * _g.InWidth;
        var n = outer / plane;
        var q = outer - n * plane;
        var ih = q / _g.InWidth;
        var iw = q - ih * _g.InWidth;
        var ohScaled = ih + _g.Pad - kh * _g.Dilation;
        var owScaled = iw + _g.Pad - kw * _g.Dilation;
        if (ohScaled < 0 || owScaled < 0 || ohScaled % _g.Stride != 0 || owScaled % _g.Stride != 0)
        {
            return 0f;
        }

        var (oh, ow) = (ohScaled / _g.Stride, owScaled / _g.Stride);
        return oh < _g.OutHeight && ow < _g.OutWidth
            ? _dy[((n * _g.OutChannels + _firstOutChannel + oc) * _g.OutHeight + oh) * _g.OutWidth + ow]
            : 0f;
    }
}
