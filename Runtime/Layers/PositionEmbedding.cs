namespace Strata;

/// <summary>Learned positions added to a sequence: <c>weight</c> [maxSteps, d].</summary>
public sealed class PositionEmbedding(Parameter weight)
{
    /// <summary>The position table [maxSteps, d].</summary>
    public Parameter Weight { get; } = weight;
}
