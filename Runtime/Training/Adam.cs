namespace Strata.Training;

/// <summary>
/// Adam with PyTorch's semantics (L2 weight decay added to the gradient, amsgrad off): m = β1·m + (1−β1)·g,
/// v = β2·v + (1−β2)·g², w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε). GPU parameters are updated by one ILGPU kernel,
/// loaded once. For weight decay that is not scaled by the adaptive step, use <see cref="AdamW"/>.
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly AdamUpdate _update;
    private float _learningRate;

    /// <summary>Creates the optimiser; every parameter must live on the same device.</summary>
    public Adam(
        IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0)
    {
        _update = new AdamUpdate(parameters);
        LearningRate = learningRate;
        Beta1 = AdamUpdate.Beta(beta1, nameof(beta1));
        Beta2 = AdamUpdate.Beta(beta2, nameof(beta2));
        Epsilon = OptimizerParameters.NonNegative(epsilon, nameof(epsilon));
        WeightDecay = OptimizerParameters.NonNegative(weightDecay, nameof(weightDecay));
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
    public int StepCount => _update.StepCount;

    /// <inheritdoc />
    public void Step() => _update.Step(LearningRate, Beta1, Beta2, Epsilon, l2: WeightDecay, decoupled: 0);
}
