using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Adam with PyTorch's semantics (L2 weight decay added to the gradient, amsgrad off): m = β1·m + (1−β1)·g,
/// v = β2·v + (1−β2)·g², w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε). GPU parameters are updated by one ILGPU kernel,
/// loaded once.
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamCoefficients>? _kernel;
    private float _learningRate;

    /// <summary>Creates the optimiser; every parameter must live on the same device.</summary>
    public Adam(
        IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0)
    {
        (_parameters, var device) = OptimizerParameters.Check(parameters);
        LearningRate = learningRate;
        Beta1 = Beta(beta1, nameof(beta1));
        Beta2 = Beta(beta2, nameof(beta2));
        Epsilon = OptimizerParameters.NonNegative(epsilon, nameof(epsilon));
        WeightDecay = OptimizerParameters.NonNegative(weightDecay, nameof(weightDecay));
        _firstMoments = _parameters.Select(p => device.Allocate(p.Shape)).ToArray();
        _secondMoments = _parameters.Select(p => device.Allocate(p.Shape)).ToArray();
        if (device.IsGpu)
        {
            _kernel = device.Accelerator.LoadAutoGroupedStreamKernel<
                Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamCoefficients>(
                OptimizerKernels.AdamStep);
        }
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerParameters.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>The decay rate β1 of the first-moment estimate.</summary>
    public float Beta1 { get; }

    /// <summary>The decay rate β2 of the second-moment estimate.</summary>
    public float Beta2 { get; }

    /// <summary>The term ε added to the denominator for stability.</summary>
    public float Epsilon { get; }

    /// <summary>The L2 penalty λ added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>The number of steps taken so far (t).</summary>
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public void Step()
    {
        StepCount++;
        var coefficients = new AdamCoefficients(
            Beta1, Beta2, Epsilon, WeightDecay,
            StepSize: (float)(LearningRate / (1 - Math.Pow(Beta1, StepCount))),
            SqrtBiasCorrection2: (float)Math.Sqrt(1 - Math.Pow(Beta2, StepCount)));
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
            var decayed = g[i] + c.WeightDecay * w[i];
            m[i] = c.Beta1 * m[i] + (1f - c.Beta1) * decayed;
            v[i] = c.Beta2 * v[i] + (1f - c.Beta2) * decayed * decayed;
            w[i] -= c.StepSize * m[i] / (Vector.SquareRoot(v[i]) / c.SqrtBiasCorrection2 + epsilon);
        }

        for (var i = vectorCount * Vector<float>.Count; i < weight.Length; i++)
        {
            var decayed = gradient[i] + c.WeightDecay * weight[i];
            firstMoment[i] = c.Beta1 * firstMoment[i] + (1f - c.Beta1) * decayed;
            secondMoment[i] = c.Beta2 * secondMoment[i] + (1f - c.Beta2) * decayed * decayed;
            weight[i] -= c.StepSize * firstMoment[i] / (MathF.Sqrt(secondMoment[i]) / c.SqrtBiasCorrection2 + c.Epsilon);
        }
    }

    private static float Beta(float value, string name) =>
        value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "Expected a value in [0, 1).");
}
