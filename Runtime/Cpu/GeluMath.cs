namespace Strata.Cpu;

/// <summary>
/// The exact GELU of PyTorch's <c>nn.GELU()</c>, x·Φ(x) with Φ the standard normal CDF, and its derivative
/// Φ(x) + x·φ(x). .NET has no erf, so Φ uses Abramowitz and Stegun's 7.1.26 (|error| ≤ 1.5e-7, below float's
/// resolution near 1). Plain arithmetic and one exp, so the GPU kernels call it too.
/// </summary>
public static class GeluMath
{
    private const float InverseSqrt2 = 0.70710678118654752f;
    private const float InverseSqrt2Pi = 0.39894228040143268f;

    /// <summary>x·Φ(x).</summary>
    public static float Value(float x) => x * Cdf(x);

    /// <summary>dGELU/dx = Φ(x) + x·φ(x).</summary>
    public static float Derivative(float x) => Cdf(x) + (x * InverseSqrt2Pi * Exp(-0.5f * x * x));

    /// <summary>Φ(x) = (1 + erf(x / √2)) / 2.</summary>
    public static float Cdf(float x) => 0.5f * (1f + Erf(x * InverseSqrt2));

    /// <summary>erf(z) by Abramowitz and Stegun 7.1.26; odd, and NaN for NaN.</summary>
    public static float Erf(float z)
    {
        var a = z < 0 ? -z : z;
        var t = 1f / (1f + (0.3275911f * a));
        var polynomial = t * (0.254829592f + (t * (-0.284496736f + (t * (1.421413741f + (t * (-1.453152027f + (t * 1.061405429f))))))));
        var value = 1f - (polynomial * Exp(-a * a));
        return z < 0 ? -value : value;
    }

    // MathF.Exp on the CPU; ILGPU maps it to the device's exp.
    private static float Exp(float x) => MathF.Exp(x);
}
