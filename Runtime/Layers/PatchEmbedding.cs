namespace Strata;

/// <summary>ViT's patch embedding, named as timm's: <c>proj.weight</c> [dim, C, patch, patch] and <c>proj.bias</c> [dim].</summary>
public sealed class PatchEmbedding(Parameter projWeight, Parameter projBias)
{
    /// <summary>The convolution's weight [dim, C, patch, patch].</summary>
    public Parameter ProjWeight { get; } = projWeight;

    /// <summary>The convolution's bias [dim].</summary>
    public Parameter ProjBias { get; } = projBias;
}
