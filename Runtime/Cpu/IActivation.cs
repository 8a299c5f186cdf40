namespace Strata.Cpu;

/// <summary>
/// An activation fused into a kernel's epilogue. Implemented by structs so that each generic instantiation is
/// specialised and inlined by the JIT.
/// </summary>
public interface IActivation
{
    /// <summary>The activation of a pre-activation value.</summary>
    static abstract float Apply(float x);

    /// <summary>The derivative, expressed through the activation's output <paramref name="y"/>.</summary>
    static abstract float DerivativeFromOutput(float y);
}
