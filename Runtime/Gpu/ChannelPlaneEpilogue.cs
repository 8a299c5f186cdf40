using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// Stores GEMM output (channel, (n, p)) into an NCHW tensor at [n, firstChannel + channel, p]:
/// act((sum + bias[c])·scale[c] + shift[c] + residual[n, c, p]), each term only when present. The epilogue of
/// implicit-GEMM convolutions (forward, and the input gradient that transposed convolutions run forward); the scale
/// and shift are a batch norm folded into the convolution in inference.
/// </summary>
internal readonly struct ChannelPlaneEpilogue : IGemmEpilogue
{
    private readonly ArrayView<float> _output, _bias, _scale, _shift, _residual;
    private readonly int _channels, _plane, _firstChannel, _hasBias, _hasAffine, _hasResidual, _activation;

    /// <summary>
    /// Views that are absent (null tensors) are passed as any other view and flagged off by
    /// <paramref name="hasBias"/>, <paramref name="hasAffine"/> and <paramref name="hasResidual"/>.
    /// </summary>
    public ChannelPlaneEpilogue(
        ArrayView<float> output, int channels, int plane, int firstChannel, DenseActivation activation,
        ArrayView<float> bias, bool hasBias, ArrayView<float> scale, ArrayView<float> shift, bool hasAffine, ArrayView<float> residual, bool hasResidual)
    {
        (_output, _channels, _plane, _firstChannel, _activation) = (output, channels, plane, firstChannel, (int)activation);
        (_bias, _hasBias) = (bias, hasBias ? 1 : 0);
        (_scale, _shift, _hasAffine) = (scale, shift, hasAffine ? 1 : 0);
        (_residual, _hasResidual) = (residual, hasResidual ? 1 : 0);
    }

    public void Store(int row, int column, float sum)
    {
        var channel = _firstChannel + row;
        var n = column / _plane;
        var index = (n * _channels + channel) * _plane + (column - n * _plane);
        var value = _hasBias != 0 ? sum + _bias[channel] : sum;
        if (_hasAffine != 0)
        {
            value = value * _scale[channel] + _shift[channel];
        }

        if (_hasResidual != 0)
        {
            value += _residual[index];
        }

        _output[index] = ActivationKernels.Apply(_activation, value);
    }
}
