namespace Strata.Gpu;

/// <summary>
/// The activation fused into a GPU kernel's epilogue (<see cref="DenseGpu"/>, <see cref="Conv2dGpu"/>) or applied on its
/// own (<see cref="ActivationGpu"/>). Kernels receive it as an int and switch on it (see <see cref="ActivationKernels"/>):
/// the switch is uniform across a launch, and one kernel serves every activation, so each kernel is loaded once per
/// accelerator rather than once per activation.
/// </summary>
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
