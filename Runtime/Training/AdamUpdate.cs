using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The moment buffers and the update shared by <see cref="Adam"/> and <see cref="AdamW"/>: one step is
/// w ← w·(1 − lr·λ_decoupled); g' = g + λ_L2·w; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
/// w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε), as PyTorch's <c>_single_tensor_adam</c> computes it. GPU parameters are
/// updated by one ILGPU kernel, loaded once.
/// </summary>
internal sealed class AdamUpdate
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamCoefficients>? _kernel;

    /// <summary>Zero moments for every parameter; throws as <see cref="OptimizerParameters.Check"/> does.</summary>
    public AdamUpdate(IReadOnlyList<Parameter> parameters)
    {
        (_parameters, var device) = OptimizerParameters.Check(parameters);
        _firstMoments = _parameters.Select(p => device.Allocate(p.Shape)).ToArray();
        _secondMoments = _parameters.Select(p => device.Allocate(p.Shape)).ToArray();
        if (device.IsGpu)
        {
            _kernel = device.Accelerator.LoadAutoGroupedStreamKernel<
                Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamCoefficients>(
                OptimizerKernels.AdamStep);
        }
    }

    /// <summary>The number of steps taken so far (t).</summary>
    public int StepCount { get; private set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is in [0, 1).</summary>
    public static float Beta(float value, string name) =>
        value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "Expected a value in [0, 1).");

    /// <summary>
    /// Takes step t = <see cref="StepCount"/> + 1 with L2 penalty <paramref name="l2"/> (added to the gradient) and
    /// decoupled decay <paramref name="decoupled"/> (weights shrunk by 1 − lr·λ first).
    /// </summary>
    public void Step(float learningRate, float beta1, float beta2, float epsilon, float l2, float decoupled)
    {
        using var update = WeightUpdate.Begin(_parameters, "optimiser Step");
        StepCount++;
        var coefficients = new AdamCoefficients(
            beta1, beta2, epsilon,
            WeightScale: 1f - learningRate * decoupled,
            WeightDecay: l2,
            StepSize: (float)(learningRate / (1 - Math.Pow(beta1, StepCount))),
            SqrtBiasCorrection2: (float)Math.Sqrt(1 - Math.Pow(beta2, StepCount)));
        for (var p = 0; p < _parameters.Length; p++)
        {
            var parameter = _parameters[p];
            if (_kernel is not null)
            {
                _kernel(parameter.Value.Length, parameter.Value.View, parameter.Grad.View, _firstMoments[p].View,
                    _secondMoments[p].View, coefficients);
            }
            else
            {
                StepCpu(parameter.Value.Span, parameter.Grad.Span, _firstMoments[p].Span, _secondMoments[p].Span, coefficients);
            }
        }
    }

    private static void StepCpu(
        Span<float> weight, ReadOnlySpan<float> gradient, Span<float> firstMoment, Span<float> secondMoment, AdamCoefficients c)
    {
        var vectorCount = weight.Length / Vector<float>.Count;
        var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var m = MemoryMarshal.Cast<float, Vector<float>>(firstMoment);
        var v = MemoryMarshal.Cast<float, Vector<float>>(secondMoment);
        var epsilon = new Vector<float>(c.Epsilon);
        for (var i = 0; i < vectorCount; i++)
        {
            var scaled = w[i] * c.WeightScale;
            var decayed = g[i] + c.WeightDecay * scaled;
            m[i] = c.Beta1 * m[i] + (1f - c.Beta1) * decayed;
            v[i] = c.Beta2 * v[i] + (1f - c.Beta2) * decayed * decayed;
            w[i] = scaled - c.StepSize * m[i] / (Vector.SquareRoot(v[i]) / c.SqrtBiasCorrection2 + epsilon);
        }

        for (var i = vectorCount * Vector<float>.Count; i < weight.Length; i++)
        {
            var scaled = weight[i] * c.WeightScale;
            var decayed = gradient[i] + c.WeightDecay * scaled;
            firstMoment[i] = c.Beta1 * firstMoment[i] + (1f - c.Beta1) * decayed;
            secondMoment[i] = c.Beta2 * secondMoment[i] + (1f - c.Beta2) * decayed * decayed;
            weight[i] = scaled - c.StepSize * firstMoment[i] / (MathF.Sqrt(secondMoment[i]) / c.SqrtBiasCorrection2 + c.Epsilon);
        }
    }
}
