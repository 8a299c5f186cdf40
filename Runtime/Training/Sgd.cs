using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics (dampening 0, no Nesterov): g' = g + λw; v = μv + g'
/// (v = g' on the first step); w −= lr·v. GPU parameters are updated by one ILGPU kernel, loaded once.
/// </summary>
public sealed class Sgd : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _velocities;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float>? _kernel;
    private float _learningRate;

    /// <summary>Creates the optimiser; every parameter must live on the same device.</summary>
    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0, float weightDecay = 0)
    {
        (_parameters, var device) = OptimizerParameters.Check(parameters);
        LearningRate = learningRate;
        Momentum = OptimizerParameters.NonNegative(momentum, nameof(momentum));
        WeightDecay = OptimizerParameters.NonNegative(weightDecay, nameof(weightDecay));

        // The GPU kernel always keeps a velocity (with μ = 0 it is just g'); the CPU path needs one only for momentum.
        var needsVelocity = device.IsGpu || Momentum != 0;
        _velocities = _parameters.Select(p => needsVelocity ? device.Allocate(p.Shape) : null).ToArray();
        if (device.IsGpu)
        {
            _kernel = device.Accelerator.LoadAutoGroupedStreamKernel<
                Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float>(OptimizerKernels.SgdStep);
        }
    }

    /// <inheritdoc />
    public float LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerParameters.NonNegative(value, nameof(LearningRate));
    }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <summary>The L2 penalty λ added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    public void Step()
    {
        using var update = WeightUpdate.Begin(_parameters, "optimiser Step");
        for (var p = 0; p < _parameters.Length; p++)
        {
            var parameter = _parameters[p];
            if (_kernel is not null)
            {
                _kernel(parameter.Value.Length, parameter.Value.View, parameter.Grad.View, _velocities[p]!.View,
                    LearningRate, Momentum, WeightDecay);
            }
            else if (_velocities[p] is { } velocity)
            {
                StepWithMomentum(parameter.Value.Span, parameter.Grad.Span, velocity.Span);
            }
            else
            {
                StepPlain(parameter.Value.Span, parameter.Grad.Span);
            }
        }
    }

    private void StepPlain(Span<float> weight, ReadOnlySpan<float> gradient)
    {
        var (lr, decay) = (LearningRate, WeightDecay);
        var vectorCount = weight.Length / Vector<float>.Count;
        var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        for (var i = 0; i < vectorCount; i++)
        {
            w[i] -= lr * (g[i] + decay * w[i]);
        }

        for (var i = vectorCount * Vector<float>.Count; i < weight.Length; i++)
        {
            weight[i] -= lr * (gradient[i] + decay * weight[i]);
        }
    }

    private void StepWithMomentum(Span<float> weight, ReadOnlySpan<float> gradient, Span<float> velocity)
    {
        var (lr, momentum, decay) = (LearningRate, Momentum, WeightDecay);
        var vectorCount = weight.Length / Vector<float>.Count;
        var w = MemoryMarshal.Cast<float, Vector<float>>(weight);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var v = MemoryMarshal.Cast<float, Vector<float>>(velocity);
        for (var i = 0; i < vectorCount; i++)
        {
            v[i] = momentum * v[i] + g[i] + decay * w[i];
            w[i] -= lr * v[i];
        }

        for (var i = vectorCount * Vector<float>.Count; i < weight.Length; i++)
        {
            velocity[i] = momentum * velocity[i] + gradient[i] + decay * weight[i];
            weight[i] -= lr * velocity[i];
        }
    }
}
