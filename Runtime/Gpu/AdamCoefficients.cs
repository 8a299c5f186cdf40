namespace Strata.Gpu;

/// <summary>
/// The scalars of one Adam or AdamW step, passed to the kernel as one struct: WeightScale is 1 − lr·λ for AdamW's
/// decoupled weight decay (1 for Adam), WeightDecay the L2 penalty added to the gradient (Adam's; 0 for AdamW),
/// StepSize is lr / (1 − β1^t) and SqrtBiasCorrection2 is √(1 − β2^t).
/// </summary>
internal readonly record struct AdamCoefficients(
    float Beta1, float Beta2, float Epsilon, float WeightScale, float WeightDecay, float StepSize, float SqrtBiasCorrection2);
