using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// GELU as PyTorch's <c>nn.GELU()</c> (the exact form, x·Φ(x)), element by element; the counterpart of
/// <see cref="Gpu.GeluGpu"/>. Its derivative needs the input, so backward reads x, not the output.
/// </summary>
/// <remarks>
/// <see cref="GeluMath"/>'s formulas (Abramowitz and Stegun's erf) in 512- or 256-bit lanes on the path
/// <see cref="CpuKernels"/> chose, with <see cref="VectorExp"/> for the exponential (about 1 ulp from MathF.Exp), then a
/// scalar tail through <see cref="GeluMath"/> itself; scalar throughout on the portable path.
/// </remarks>
public static class GeluCpu
{
    private const float InverseSqrt2 = 0.70710678118654752f;
    private const float InverseSqrt2Pi = 0.39894228040143268f;

    /// <summary>y = x·Φ(x); x and y hold as many values.</summary>
    public static void Forward(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentChecks.Length(y, nameof(y), x.Shape);
        var input = x.Span;
        var output = y.Span;
        var i = 0;
        if (CpuKernels.Vector512)
        {
            for (; i + 16 <= input.Length; i += 16)
            {
                var v = SpanVectors.Load(input, i);
                SpanVectors.Store(v * Cdf(v), output, i);
            }
        }
        else if (CpuKernels.Vector256)
        {
            for (; i + 8 <= input.Length; i += 8)
            {
                var v = Vector256.Create(input.Slice(i, 8));
                (v * Cdf(v)).CopyTo(output.Slice(i, 8));
            }
        }

        for (; i < input.Length; i++)
        {
            output[i] = GeluMath.Value(input[i]);
        }
    }

    /// <summary>dx = dy · (Φ(x) + x·φ(x)).</summary>
    public static void Backward(Tensor x, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentChecks.Length(dy, nameof(dy), x.Shape);
        ArgumentChecks.Length(dx, nameof(dx), x.Shape);
        var input = x.Span;
        var gradient = dy.Span;
        var result = dx.Span;
        var i = 0;
        if (CpuKernels.Vector512)
        {
            for (; i + 16 <= input.Length; i += 16)
            {
                var v = SpanVectors.Load(input, i);
                var density = v * InverseSqrt2Pi * VectorExp.Exp(v * v * -0.5f);
                SpanVectors.Store(SpanVectors.Load(gradient, i) * (Cdf(v) + density), result, i);
            }
        }
        else if (CpuKernels.Vector256)
        {
            for (; i + 8 <= input.Length; i += 8)
            {
                var v = Vector256.Create(input.Slice(i, 8));
                var density = v * InverseSqrt2Pi * VectorExp.Exp(v * v * -0.5f);
                (Vector256.Create(gradient.Slice(i, 8)) * (Cdf(v) + density)).CopyTo(result.Slice(i, 8));
            }
        }

        for (; i < input.Length; i++)
        {
            result[i] = gradient[i] * GeluMath.Derivative(input[i]);
        }
    }

    /// <summary>Φ(x) = (1 + erf(x / √2)) / 2, erf as <see cref="GeluMath.Erf"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Cdf(Vector512<float> x)
    {
        var z = x * InverseSqrt2;
        var a = Vector512.Abs(z);
        var t = Vector512<float>.One / (Vector512<float>.One + (a * 0.3275911f));
        var polynomial = t * (Vector512.Create(0.254829592f) + (t * (Vector512.Create(-0.284496736f) + (t * (Vector512.Create(1.421413741f)
            + (t * (Vector512.Create(-1.453152027f) + (t * 1.061405429f))))))));
        var value = Vector512<float>.One - (polynomial * VectorExp.Exp(-(a * a)));
        var erf = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<float>.Zero), -value, value);
        return 0.5f * (Vector512<float>.One + erf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Cdf(Vector256<float> x)
    {
        var z = x * InverseSqrt2;
        var a = Vector256.Abs(z);
        var t = Vector256<float>.One / (Vector256<float>.One + (a * 0.3275911f));
        var polynomial = t * (Vector256.Create(0.254829592f) + (t * (Vector256.Create(-0.284496736f) + (t * (Vector256.Create(1.421413741f)
            + (t * (Vector256.Create(-1.453152027f) + (t * 1.061405429f))))))));
        var value = Vector256<float>.One - (polynomial * VectorExp.Exp(-(a * a)));
        var erf = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256<float>.Zero), -value, value);
        return 0.5f * (Vector256<float>.One + erf);
    }
}
