namespace Strata.Training;

/// <summary>
/// AdamW with PyTorch's semantics (<c>torch.optim.AdamW</c>, amsgrad off): decoupled weight decay
/// w ← w − lr·λ·w first, then the Adam step on the plain gradient, m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g²,
/// w −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε) (Loshchilov and Hutter, "Decoupled Weight Decay Regularization").
/// Unlike <see cref="Adam"/>'s L2 penalty, the decay is not divided by √v, so every weight shrinks at the same rate.
/// The defaults are PyTorch's. GPU parameters are updated by the same ILGPU kernel as Adam's, loaded once.
/// </summary>
public sealed class AdamW : AdamOptimizer
{
    /// <summary>Creates the optimiser; every parameter must live on the same device.</summary>
    public AdamW(
        IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 1e-2f)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <inheritdoc />
    public override void Step() => Update.Step(LearningRate, Beta1, Beta2, Epsilon, l2: 0, decoupled: WeightDecay);
}
