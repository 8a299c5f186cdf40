namespace Strata;

/// <summary>The parameters of a transposed convolution layer: weight [in, out / groups, kh, kw] and an optional bias [out].</summary>
public sealed class ConvTranspose2d(Parameter weight, Parameter? bias)
{
    /// <summary>The kernels, [in, out / groups, kh, kw].</summary>
    public Parameter Weight { get; } = weight;

    /// <summary>The bias per output channel, or null for <c>bias: false</c>.</summary>
    public Parameter? Bias { get; } = bias;
}
