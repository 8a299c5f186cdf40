namespace Strata.Training;

/// <summary>How a loss combines its per-element terms, as PyTorch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>The mean over all elements.</summary>
    Mean,

    /// <summary>The sum over all elements.</summary>
    Sum,
}
