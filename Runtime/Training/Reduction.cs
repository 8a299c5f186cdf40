namespace Strata.Training;

/// <summary>How a loss combines its per-element terms, as PyTorch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>The mean over all elements.</summary>
    Mean,

    /// <summary>The sum over all elements.</summary>
    Sum,

    /// <summary>
    /// No reduction: one loss per sample, for the losses that have one (<see cref="CtcLoss"/>); the gradient is that of
    /// their sum, as PyTorch's backward with a vector of ones. The others accept only <see cref="Mean"/> and <see cref="Sum"/>.
    /// </summary>
    None,
}
