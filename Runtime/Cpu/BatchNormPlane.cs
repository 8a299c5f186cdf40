using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// The loops of <see cref="BatchNormCpu"/> over one (sample, channel) plane, in 16 float lanes where 512-bit vectors run
/// (each sum then in lane order, reduced once per plane), float by float after the last whole vector and on the
/// portable path.
/// </summary>
internal static class BatchNormPlane
{
    /// <summary>y = act(x · scale + shift).</summary>
    public static void Normalize<TActivation>(ReadOnlySpan<float> x, Span<float> y, float scale, float shift)
        where TActivation : IActivation
    {
        var i = 0;
        if (CpuKernels.Vector512)
        {
            var (scales, shifts) = (Vector512.Create(scale), Vector512.Create(shift));
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                SpanVectors.Store(TActivation.Apply(Vector512.FusedMultiplyAdd(SpanVectors.Load(x, i), scales, shifts)), y, i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = TActivation.Apply(x[i] * scale + shift);
        }
    }

    /// <summary>
    /// Adds Σ dz and Σ dz · (x − mean) to the sums, where dz = dy · act′ (from the output <paramref name="y"/>) is the
    /// gradient before the activation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddGradientSums<TActivation>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, float mean, ref float sumDz, ref float sumDzDeviation)
        where TActivation : IActivation
    {
        var i = 0;
        if (CpuKernels.Vector512)
        {
            var (dzs, products) = (Vector512<float>.Zero, Vector512<float>.Zero);
            var center = Vector512.Create(mean);
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                var dz = SpanVectors.Load(dy, i) * TActivation.DerivativeFromOutput(SpanVectors.Load(y, i));
                dzs += dz;
                products = Vector512.FusedMultiplyAdd(dz, SpanVectors.Load(x, i) - center, products);
            }

            sumDz += Vector512.Sum(dzs);
            sumDzDeviation += Vector512.Sum(products);
        }

        for (; i < x.Length; i++)
        {
            var dz = dy[i] * TActivation.DerivativeFromOutput(y[i]);
            sumDz += dz;
            sumDzDeviation += dz * (x[i] - mean);
        }
    }

    /// <summary>dx = scale · (dz − meanDz − x̂ · meanDzXhat), x̂ = (x − mean) · invStd, dz as in <see cref="AddGradientSums{TActivation}"/>.</summary>
    public static void InputGradient<TActivation>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        float mean, float invStd, float scale, float meanDz, float meanDzXhat)
        where TActivation : IActivation
    {
        var i = 0;
        if (CpuKernels.Vector512)
        {
            var (center, inverse, scales) = (Vector512.Create(mean), Vector512.Create(invStd), Vector512.Create(scale));
            var (dzMean, xhatWeight) = (Vector512.Create(meanDz), Vector512.Create(meanDzXhat));
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                var dz = SpanVectors.Load(dy, i) * TActivation.DerivativeFromOutput(SpanVectors.Load(y, i));
                var xhat = (SpanVectors.Load(x, i) - center) * inverse;
                SpanVectors.Store(scales * (dz - dzMean - (xhat * xhatWeight)), dx, i);
            }
        }

        for (; i < x.Length; i++)
        {
            var dz = dy[i] * TActivation.DerivativeFromOutput(y[i]);
            var xhat = (x[i] - mean) * invStd;
            dx[i] = scale * (dz - meanDz - xhat * meanDzXhat);
        }
    }
}
