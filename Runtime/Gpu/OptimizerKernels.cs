using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// Fused optimiser updates for parameters that live on a GPU in flat buffers (<see cref="FlatParameters"/>): one launch
/// updates every unfrozen parameter, thread i finding its element through the segment table. The same formulas as the
/// CPU loops in <see cref="Training.Sgd"/> and <see cref="Training.AdamUpdate"/> (Adam and AdamW).
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>SGD with momentum and L2 weight decay (PyTorch): v = μv + g + λw; w −= lr·v.</summary>
    public static void SgdStep(
        Index1D i, ArrayView<float> weight, ArrayView<float> gradient, ArrayView<float> velocity, ArrayView<int> segments,
        int count, float learningRate, float momentum, float weightDecay)
    {
        var at = FlatIndex(i, segments, count);
        var v = momentum * velocity[at] + gradient[at] + weightDecay * weight[at];
        velocity[at] = v;
        weight[at] -= learningRate * v;
    }

    /// <summary>
    /// Adam and AdamW (PyTorch, amsgrad off): w ← w·(1 − lr·λ_decoupled) (AdamW; the scale is 1 for Adam), then
    /// g' = g + λ_L2·w (Adam; 0 for AdamW), the moment updates and the bias-corrected step.
    /// </summary>
    public static void AdamStep(
        Index1D i, ArrayView<float> weight, ArrayView<float> gradient, ArrayView<float> firstMoment,
        ArrayView<float> secondMoment, ArrayView<int> segments, int count, AdamCoefficients c)
    {
        var at = FlatIndex(i, segments, count);
        var w = weight[at] * c.WeightScale;
        var g = gradient[at] + c.WeightDecay * w;
        var m = c.Beta1 * firstMoment[at] + (1f - c.Beta1) * g;
        var v = c.Beta2 * secondMoment[at] + (1f - c.Beta2) * g * g;
        firstMoment[at] = m;
        secondMoment[at] = v;
        weight[at] = w - c.StepSize * m / (MathF.Sqrt(v) / c.SqrtBiasCorrection2 + c.Epsilon);
    }

    /// <summary>
    /// The flat index of launch index <paramref name="i"/>: segments[0..count] are the segments' starts in launch space
    /// (ascending, segments[count] the total), segments[count + 1 + s] segment s's offset in the flat buffers. A binary
    /// search: a handful of steps for a model's few runs of unfrozen parameters (one run when none is frozen).
    /// </summary>
    internal static int FlatIndex(int i, ArrayView<int> segments, int count)
    {
        var (low, high) = (0, count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (segments[middle] <= i)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return segments[count + 1 + low] + (i - segments[low]);
    }
}
