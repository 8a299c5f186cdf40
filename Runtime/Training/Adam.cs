namespace Strata.Training;

/// <summary>
/// Adam with PyTorch's semantics (L2 weight decay added to the gradient, amsgrad off): m = β1·m + (1−β1)·g,
/// v = β2·v + (1−β2)·g², w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε). GPU parameters are updated by one ILGPU kernel,
/// loaded once. For weight decay that is not scaled by the adaptive step, use <see cref="AdamW"/>.
/// </summary>
public sealed class Adam : AdamOptimizer
{
    /// <summary>Creates the optimiser; every parameter must live on the same device.</summary>
    public Adam(
        IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <inheritdoc />
    public override void Step() => Update.Step(LearningRate, Beta1, Beta2, Epsilon, l2: WeightDecay, decoupled: 0);
}
