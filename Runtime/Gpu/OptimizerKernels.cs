using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// Element-wise optimiser updates for parameters that live on a GPU; the same formulas as the CPU loops in
/// <see cref="Training.Sgd"/> and <see cref="Training.AdamUpdate"/> (Adam and AdamW).
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>SGD with momentum and L2 weight decay (PyTorch): v = μv + g + λw; w −= lr·v.</summary>
    public static void SgdStep(
        Index1D i, ArrayView<float> weight, ArrayView<float> gradient, ArrayView<float> velocity,
        float learningRate, float momentum, float weightDecay)
    {
        var v = momentum * velocity[i] + gradient[i] + weightDecay * weight[i];
        velocity[i] = v;
        weight[i] -= learningRate * v;
    }

    /// <summary>
    /// Adam and AdamW (PyTorch, amsgrad off): w ← w·(1 − lr·λ_decoupled) (AdamW; the scale is 1 for Adam), then
    /// g' = g + λ_L2·w (Adam; 0 for AdamW), the moment updates and the bias-corrected step.
    /// </summary>
    public static void AdamStep(
        Index1D i, ArrayView<float> weight, ArrayView<float> gradient, ArrayView<float> firstMoment,
        ArrayView<float> secondMoment, AdamCoefficients c)
    {
        var w = weight[i] * c.WeightScale;
        var g = gradient[i] + c.WeightDecay * w;
        var m = c.Beta1 * firstMoment[i] + (1f - c.Beta1) * g;
        var v = c.Beta2 * secondMoment[i] + (1f - c.Beta2) * g * g;
        firstMoment[i] = m;
        secondMoment[i] = v;
        weight[i] = w - c.StepSize * m / (MathF.Sqrt(v) / c.SqrtBiasCorrection2 + c.Epsilon);
    }
}
