namespace Strata.Gpu;

/// <summary>The activation fused after a dense layer run by <see cref="SequenceGpu"/>.</summary>
public enum DenseActivation
{
    /// <summary>None.</summary>
    Identity,

    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>min(max(0, x), 6).</summary>
    Relu6,
}
