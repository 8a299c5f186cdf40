using System.Numerics;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics (dampening 0, no Nesterov): g' = g + λw; v = μv + g'
/// (v = g' on the first step); w −= lr·v. GPU parameters, their gradients and velocities move into flat device buffers
/// (<see cref="FlatParameters"/>), and one kernel launch per step updates them all.
/// </summary>
public sealed class Sgd : IResumableOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _velocities;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, float, float, float>? _kernel;
    private readonly FlatParameters? _flat;
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
                Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, float, float, float>(OptimizerKernels.SgdStep);
            _flat = new FlatParameters(_parameters, device, _velocities.Select(v => v!).ToArray());
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

    /// <summary>The number of steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>The kernel launches of the GPU update so far: one per step. 0 on the CPU.</summary>
    internal int Launches => _flat?.Launches ?? 0;

    /// <inheritdoc />
    public void Step()
    {
        using var update = WeightUpdate.Begin(_parameters, "optimiser Step");
        StepCount++;
        if (_flat is not null)
        {
            var (table, count, elements) = _flat.Segments();
            if (elements > 0)
            {
                var buffers = _flat.Buffers;
                _kernel!(elements, buffers[0].View, buffers[1].View, buffers[2].View, table, count, LearningRate, Momentum, WeightDecay);
            }
        }

        for (var p = 0; p < _parameters.Length; p++)
        {
            var parameter = _parameters[p];
            if (parameter.IsFrozen)
            {
                continue;
            }

            if (_flat is not null)
            {
                // Updated by the one launch above.
            }
            else if (_velocities[p] is { } velocity)
            {
                StepWithMomentum(parameter.Value.Span, parameter.Grad.Span, velocity.Span);
            }
            else
            {
                StepPlain(parameter.Value.Span, parameter.Grad.Span);
            }

            parameter.Value.MarkChanged();
        }
    }

    /// <summary>
    /// The momentum buffers (<c>momentum_buffer/C1.weight</c>, …) when there is momentum, the step count and the
    /// learning rate. Without momentum SGD keeps no state across steps, so there are no buffers.
    /// </summary>
    public OptimizerState GetState()
    {
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (Momentum != 0)
        {
            for (var p = 0; p < _parameters.Length; p++)
            {
                buffers[Buffer(_parameters[p])] = _velocities[p]!.ToArray();
            }
        }

        return new OptimizerState(nameof(Sgd), StepCount, LearningRate, buffers);
    }

    /// <inheritdoc />
    public void SetState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Check(nameof(Sgd), Momentum == 0
            ? new Dictionary<string, int>()
            : _parameters.ToDictionary(Buffer, p => p.Value.Length, StringComparer.Ordinal));
        if (Momentum != 0)
        {
            for (var p = 0; p < _parameters.Length; p++)
            {
                _velocities[p]!.CopyFrom(state.Buffers[Buffer(_parameters[p])]);
            }
        }

        StepCount = state.StepCount;
        LearningRate = state.LearningRate;
    }

    private static string Buffer(Parameter parameter) => "momentum_buffer/" + parameter.Name;

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
