namespace Strata.Training;

/// <summary>
/// PyTorch's <c>StepLR</c>: the rate is multiplied by <see cref="Gamma"/> every <see cref="StepSize"/> steps,
/// lr(s) = lr₀ · γ^⌊s / stepSize⌋. Counted in optimiser steps; for a decay every N epochs, make
/// <see cref="StepSize"/> N × <see cref="Trainer.StepsPerEpoch"/>.
/// </summary>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>
    /// Starts at <paramref name="initialLearningRate"/> and multiplies by <paramref name="gamma"/> (PyTorch's default
    /// 0.1) every <paramref name="stepSize"/> steps.
    /// </summary>
    public StepDecay(float initialLearningRate, int stepSize, float gamma = 0.1f)
    {
        InitialLearningRate = OptimizerParameters.NonNegative(initialLearningRate, nameof(initialLearningRate));
        StepSize = stepSize >= 1
            ? stepSize
            : throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The decay period must be at least 1 step.");
        Gamma = OptimizerParameters.NonNegative(gamma, nameof(gamma));
    }

    /// <summary>The rate of steps 0 to <see cref="StepSize"/> − 1.</summary>
    public float InitialLearningRate { get; }

    /// <summary>The number of steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public float LearningRateAt(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return (float)(InitialLearningRate * Math.Pow(Gamma, step / StepSize));
    }
}
