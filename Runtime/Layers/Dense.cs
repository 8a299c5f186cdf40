namespace Strata;

/// <summary>The parameters of a dense layer: weight [out, in] (as PyTorch's nn.Linear) and an optional bias [out].</summary>
public sealed class Dense(Parameter weight, Parameter? bias)
{
    /// <summary>The weights, [out, in].</summary>
    public Parameter Weight { get; } = weight;

    /// <summary>The bias per output, or null for <c>bias: false</c>.</summary>
    public Parameter? Bias { get; } = bias;
}
