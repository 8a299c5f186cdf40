using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The input of a convolution read as the im2col matrix, without building it: element (tap, position) is
/// x[n, firstChannel + c, oh·stride − pad + kh·dilation, ow·stride − pad + kw·dilation], or 0 in the padding, with
/// tap = (c, kh, kw) over one group's channels and position = (n, oh, ow). In the forward pass the taps are the GEMM's
/// K and the positions B's columns; in the weight gradient the positions are K and the taps B's columns.
/// </summary>
internal readonly struct ConvWindowOperand : IGemmOperand
{
    private readonly ArrayView<float> _x;
    private readonly ConvGeometry _g;
    private readonly int _firstChannel;
    private readonly int _tapIsK;

    private ConvWindowOperand(ArrayView<float> x, ConvGeometry g, int firstChannel, bool tapIsK)
    {
        _x = x;
        _g = g;
        _firstChannel = firstChannel;
        _tapIsK = tapIsK ? 1 : 0;
    }

    // Consecutive positions are consecutive output columns, so (nearly) consecutive input addresses.
    public int ContiguousInK => 1 - _tapIsK;

    /// <summary>B of the forward pass: op(B)[tap, position], taps of the group starting at channel <paramref name="firstChannel"/>.</summary>
    public static ConvWindowOperand Forward(ArrayView<float> x, in ConvGeometry g, int firstChannel) => new(x, g, firstChannel, tapIsK: true);

    /// <summary>B of the weight gradient: op(B)[position, tap].</summary>
    public static ConvWindowOperand WeightGradient(ArrayView<float> x, in ConvGeometry g, int firstChannel) => new(x, g, firstChannel, tapIsK: false);

    public float Load(int outer, int k)
    {
        var (tap, position) = _tapIsK != 0 ? (k, outer) : (outer, k);
        var taps = _g.KernelHeight * _g.KernelWidth;
        var c = tap / taps;
        var kernelIndex = tap - c * taps;
        var kh = kernelIndex / _g.KernelWidth;
        var kw = kernelIndex - kh * _g.KernelWidth;
        var plane = _g.OutHeight * _g.OutWidth;
        var n = position / plane;
        var p = position - n * plane;
        var oh = p / _g.OutWidth;
        var ow = p - oh * _g.OutWidth;
        var ih = oh * _g.Stride - _g.Pad + kh * _g.Dilation;
        var iw = ow * _g.Stride - _g.Pad + kw * _g.Dilation;
        return ih >= 0 && ih < _g.InHeight && iw >= 0 && iw < _g.InWidth
            ? _x[((n * _g.InChannels + _firstChannel + c) * _g.InHeight + ih) * _g.InWidth + iw]
            : 0f;
    }
}
