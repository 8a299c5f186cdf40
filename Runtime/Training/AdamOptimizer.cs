namespace Strata.Training;

/// <summary>
/// What Adam and AdamW share: the moment estimates (one <see cref="AdamUpdate"/>), β1, β2, ε, the weight decay λ and
/// the step count. They differ only in how λ enters the step.
/// </summary>
public abstract class AdamOptimizer : IResumableOptimizer
{
    private float _learningRate;

    /// <summary>Checks the hyperparameters; every parameter must live on the same device.</summary>
    private protected AdamOptimizer(
        IReadOnlyList<Parameter> parameters, float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
    {
        Update = new AdamUpdate(parameters);
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

    /// <summary>The weight decay λ: an L2 penalty added to the gradient for <see cref="Adam"/>, decoupled for <see cref="AdamW"/>.</summary>
    public float WeightDecay { get; }

    /// <summary>The number of steps taken so far (t).</summary>
    public int StepCount => Update.StepCount;

    /// <summary>The kernel launches of the GPU update so far: one per step. 0 on the CPU.</summary>
    internal int Launches => Update.Launches;

    /// <summary>The moments and the update kernel.</summary>
    private protected AdamUpdate Update { get; }

    /// <inheritdoc />
    public abstract void Step();

    /// <summary>The moments <c>exp_avg</c> and <c>exp_avg_sq</c> of every parameter, the step count and the learning rate.</summary>
    public OptimizerState GetState() => Update.GetState(GetType().Name, LearningRate);

    /// <inheritdoc />
    public void SetState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Update.SetState(state, GetType().Name);
        LearningRate = state.LearningRate;
    }
}
