namespace Strata.Training;

/// <summary>
/// Cosine decay with an optional linear warm-up, per optimiser step, as Hugging Face's
/// <c>get_cosine_schedule_with_warmup</c> with PyTorch's <c>CosineAnnealingLR</c> floor η_min:
/// <list type="bullet">
/// <item>warm-up, s &lt; W: lr(s) = peak · s / W (so step 0 has rate 0);</item>
/// <item>decay, W ≤ s ≤ T: lr(s) = η_min + (peak − η_min) · (1 + cos(π · (s − W) / (T − W))) / 2;</item>
/// <item>after T steps: η_min.</item>
/// </list>
/// Without warm-up it is <c>CosineAnnealingLR(T_max = T, eta_min)</c>'s closed form, stepped per batch.
/// </summary>
public sealed class CosineDecay : ILearningRateSchedule
{
    /// <summary>
    /// Rises linearly from 0 to <paramref name="peakLearningRate"/> over <paramref name="warmupSteps"/>, then follows a
    /// half cosine down to <paramref name="minimumLearningRate"/> at step <paramref name="totalSteps"/>.
    /// </summary>
    public CosineDecay(float peakLearningRate, int totalSteps, int warmupSteps = 0, float minimumLearningRate = 0)
    {
        PeakLearningRate = OptimizerParameters.NonNegative(peakLearningRate, nameof(peakLearningRate));
        TotalSteps = totalSteps >= 1
            ? totalSteps
            : throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "The schedule needs at least 1 step.");
        WarmupSteps = warmupSteps >= 0 && warmupSteps < totalSteps
            ? warmupSteps
            : throw new ArgumentOutOfRangeException(
                nameof(warmupSteps), warmupSteps, $"The warm-up must be 0 to {totalSteps - 1} steps, shorter than the {totalSteps} in all.");
        MinimumLearningRate = minimumLearningRate >= 0 && minimumLearningRate <= peakLearningRate
            ? minimumLearningRate
            : throw new ArgumentOutOfRangeException(
                nameof(minimumLearningRate), minimumLearningRate, $"The floor must be 0 to the peak rate {peakLearningRate}.");
    }

    /// <summary>The rate at the end of the warm-up (at step 0 without one).</summary>
    public float PeakLearningRate { get; }

    /// <summary>The step T at which the cosine reaches the floor.</summary>
    public int TotalSteps { get; }

    /// <summary>The number W of linear warm-up steps.</summary>
    public int WarmupSteps { get; }

    /// <summary>The floor η_min, reached at <see cref="TotalSteps"/> and kept after it.</summary>
    public float MinimumLearningRate { get; }

    /// <inheritdoc />
    public float LearningRateAt(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return (float)((double)PeakLearningRate * step / WarmupSteps);
        }

        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps));
        return (float)(MinimumLearningRate + (PeakLearningRate - (double)MinimumLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
