namespace Strata;

/// <summary>
/// A layer normalisation layer, as PyTorch's <c>nn.LayerNorm</c>: the elementwise affine parameters weight and bias of
/// the normalised shape ([F], or [C, H, W] for an image), initialised to 1 and 0.
/// </summary>
public sealed class LayerNorm(Parameter weight, Parameter bias)
{
    /// <summary>The scale per normalised element, γ.</summary>
    public Parameter Weight { get; } = weight;

    /// <summary>The shift per normalised element, β.</summary>
    public Parameter Bias { get; } = bias;
}
