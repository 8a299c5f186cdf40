using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// An activation fused into a kernel's epilogue. Implemented by structs so that each generic instantiation is
/// specialised and inlined by the JIT. The vector members let epilogues and in-place passes run at full width.
/// </summary>
public interface IActivation
{
    /// <summary>The activation of a pre-activation value.</summary>
    static abstract float Apply(float x);

    /// <summary>The derivative, expressed through the activation's output <paramref name="y"/>.</summary>
    static abstract float DerivativeFromOutput(float y);

    /// <summary>The activation of sixteen pre-activation values.</summary>
    static abstract Vector512<float> Apply(Vector512<float> x);

    /// <summary>The activation of eight pre-activation values.</summary>
    static abstract Vector256<float> Apply(Vector256<float> x);

    /// <summary>The derivative of sixteen values, through the activation's outputs.</summary>
    static abstract Vector512<float> DerivativeFromOutput(Vector512<float> y);

    /// <summary>The derivative of eight values, through the activation's outputs.</summary>
    static abstract Vector256<float> DerivativeFromOutput(Vector256<float> y);
}
