namespace Strata;

/// <summary>The parameters of an embedding: weight [vocab, dim] (as PyTorch's nn.Embedding), row i for token id i.</summary>
public sealed class Embedding(Parameter weight)
{
    /// <summary>The vectors, [vocab, dim].</summary>
    public Parameter Weight { get; } = weight;
}
