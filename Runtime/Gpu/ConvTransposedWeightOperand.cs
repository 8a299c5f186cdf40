using ILGPU;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// A of a convolution's input gradient: op(A)[c, (oc, kh, kw)] = w[firstOutChannel + oc, c, kh, kw], the weight
/// [OC, C / groups, KH, KW] of one group read with its channel axes swapped.
/// </summary>
internal readonly struct ConvTransposedWeightOperand(ArrayView<float> w, ConvGeometry g, int firstOutChannel) : IGemmOperand
{
    private readonly ArrayView<float> _w = w;
    private readonly int _taps = g.KernelHeight * g.KernelWidth, _groupChannels = g.GroupInChannels, _firstOutChannel = firstOutChannel;

    // The taps of one (oc, c) pair are adjacent.
    public int ContiguousInK => 1;

    public float Load(int outer, int k)
    {
        var oc = k / _taps;
        var tap = k - oc * _taps;
        return _w[((_firstOutChannel + oc) * _groupChannels + outer) * _taps + tap];
    }
}
