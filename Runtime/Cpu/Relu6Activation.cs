using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>y = min(max(x, 0), 6), as in MobileNet.</summary>
public readonly struct Relu6Activation : IActivation
{
    private const float Ceiling = 6f;

    /// <inheritdoc />
    public static float Apply(float x) => x > 0f ? (x < Ceiling ? x : Ceiling) : 0f;

    /// <inheritdoc />
    public static float DerivativeFromOutput(float y) => y > 0f && y < Ceiling ? 1f : 0f;

    /// <inheritdoc />
    public static Vector512<float> Apply(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(x, Vector512<float>.Zero), Vector512.Create(Ceiling));

    /// <inheritdoc />
    public static Vector256<float> Apply(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(x, Vector256<float>.Zero), Vector256.Create(Ceiling));

    /// <inheritdoc />
    public static Vector512<float> DerivativeFromOutput(Vector512<float> y) =>
        Vector512<float>.One & Vector512.GreaterThan(y, Vector512<float>.Zero) & Vector512.LessThan(y, Vector512.Create(Ceiling));

    /// <inheritdoc />
    public static Vector256<float> DerivativeFromOutput(Vector256<float> y) =>
        Vector256<float>.One & Vector256.GreaterThan(y, Vector256<float>.Zero) & Vector256.LessThan(y, Vector256.Create(Ceiling));
}
