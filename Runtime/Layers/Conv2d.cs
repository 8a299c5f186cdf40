namespace Strata;

/// <summary>The parameters of a convolution layer: weight [out, in, kh, kw] and an optional bias [out].</summary>
public sealed class Conv2d(Parameter weight, Parameter? bias)
{
    /// <summary>The kernels, [out, in, kh, kw].</summary>
    public Parameter Weight { get; } = weight;

    /// <summary>The bias per output channel, or null for <c>bias: false</c>.</summary>
    public Parameter? Bias { get; } = bias;
}
