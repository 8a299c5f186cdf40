namespace Strata.Gpu;

/// <summary>
/// The scalars of one Adam step, passed to the kernel as one struct: StepSize is lr / (1 − β1^t) and
/// SqrtBiasCorrection2 is √(1 − β2^t).
/// </summary>
internal readonly record struct AdamCoefficients(
    float Beta1, float Beta2, float Epsilon, float WeightDecay, float StepSize, float SqrtBiasCorrection2);
