using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>y = max(x, 0).</summary>
public readonly struct ReluActivation : IActivation
{
    /// <inheritdoc />
    // The vector maximum on one lane: no branch (random signs mispredict every other one), and NaN as the vector path has it.
    public static float Apply(float x) => Vector128.Max(Vector128.CreateScalarUnsafe(x), Vector128<float>.Zero).ToScalar();

    /// <inheritdoc />
    public static float DerivativeFromOutput(float y) => y > 0f ? 1f : 0f;

    /// <inheritdoc />
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <inheritdoc />
    public static Vector256<float> Apply(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <inheritdoc />
    public static Vector512<float> DerivativeFromOutput(Vector512<float> y) =>
        Vector512<float>.One & Vector512.GreaterThan(y, Vector512<float>.Zero);

    /// <inheritdoc />
    public static Vector256<float> DerivativeFromOutput(Vector256<float> y) =>
        Vector256<float>.One & Vector256.GreaterThan(y, Vector256<float>.Zero);
}
