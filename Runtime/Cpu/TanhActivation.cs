using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>y = tanh(x).</summary>
/// <remarks>
/// The vector forms use (1 − e)/(1 + e) with e = exp(−2|x|), which cancels near zero; below
/// <see cref="SeriesLimit"/> they switch to the Taylor series, whose first omitted term is under 1e-12 there.
/// </remarks>
public readonly struct TanhActivation : IActivation
{
    private const float SeriesLimit = 0.0625f;
    private const float C3 = -1f / 3f;
    private const float C5 = 2f / 15f;
    private const float C7 = -17f / 315f;

    /// <inheritdoc />
    public static float Apply(float x) => MathF.Tanh(x);

    /// <inheritdoc />
    public static float DerivativeFromOutput(float y) => 1f - y * y;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> x)
    {
        var magnitude = Vector512.Abs(x);
        var e = VectorExp.Exp(magnitude * Vector512.Create(-2f));
        var viaExp = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        var x2 = x * x;
        var series = magnitude * (Vector512<float>.One + x2 * (Vector512.Create(C3) + x2 * (Vector512.Create(C5) + x2 * Vector512.Create(C7))));
        var result = Vector512.ConditionalSelect(Vector512.LessThan(magnitude, Vector512.Create(SeriesLimit)), series, viaExp);
        return Vector512.ConditionalSelect(Vector512.Create(-0f), x, result);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply(Vector256<float> x)
    {
        var magnitude = Vector256.Abs(x);
        var e = VectorExp.Exp(magnitude * Vector256.Create(-2f));
        var viaExp = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        var x2 = x * x;
        var series = magnitude * (Vector256<float>.One + x2 * (Vector256.Create(C3) + x2 * (Vector256.Create(C5) + x2 * Vector256.Create(C7))));
        var result = Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(SeriesLimit)), series, viaExp);
        return Vector256.ConditionalSelect(Vector256.Create(-0f), x, result);
    }

    /// <inheritdoc />
    public static Vector512<float> DerivativeFromOutput(Vector512<float> y) => Vector512<float>.One - y * y;

    /// <inheritdoc />
    public static Vector256<float> DerivativeFromOutput(Vector256<float> y) => Vector256<float>.One - y * y;
}
