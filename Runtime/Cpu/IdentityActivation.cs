using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>No activation: y = x.</summary>
public readonly struct IdentityActivation : IActivation
{
    /// <inheritdoc />
    public static float Apply(float x) => x;

    /// <inheritdoc />
    public static float DerivativeFromOutput(float y) => 1f;

    /// <inheritdoc />
    public static Vector512<float> Apply(Vector512<float> x) => x;

    /// <inheritdoc />
    public static Vector256<float> Apply(Vector256<float> x) => x;

    /// <inheritdoc />
    public static Vector512<float> DerivativeFromOutput(Vector512<float> y) => Vector512<float>.One;

    /// <inheritdoc />
    public static Vector256<float> DerivativeFromOutput(Vector256<float> y) => Vector256<float>.One;
}
