namespace Strata;

/// <summary>ViT's class token: <c>weight</c> [d], put before every sequence.</summary>
public sealed class ClassToken(Parameter weight)
{
    /// <summary>The token [d].</summary>
    public Parameter Weight { get; } = weight;
}
