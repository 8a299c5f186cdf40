using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>y = 1 / (1 + exp(−x)).</summary>
public readonly struct SigmoidActivation : IActivation
{
    /// <inheritdoc />
    public static float Apply(float x) => 1f / (1f + MathF.Exp(-x));

    /// <inheritdoc />
    public static float DerivativeFromOutput(float y) => y * (1f - y);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + VectorExp.Exp(-x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + VectorExp.Exp(-x));

    /// <inheritdoc />
    public static Vector512<float> DerivativeFromOutput(Vector512<float> y) => y * (Vector512<float>.One - y);

    /// <inheritdoc />
    public static Vector256<float> DerivativeFromOutput(Vector256<float> y) => y * (Vector256<float>.One - y);
}
