using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// An NCHW tensor read as channels × (n, h, w): op(A)[c, (n, p)] = t[n, firstChannel + c, p] with p over one plane of
/// <c>plane</c> values. A of the weight gradient, where t is dy.
/// </summary>
internal readonly struct ChannelPlaneOperand(ArrayView<float> t, int channels, int plane, int firstChannel) : IGemmOperand
{
    private readonly ArrayView<float> _t = t;
    private readonly int _channels = channels, _plane = plane, _firstChannel = firstChannel;

    public int ContiguousInK => 1;

    public float Load(int outer, int k)
    {
        var n = k / _plane;
        return _t[(n * _channels + _firstChannel + outer) * _plane + (k - n * _plane)];
    }
}
