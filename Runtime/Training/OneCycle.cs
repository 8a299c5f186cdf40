namespace Strata.Training;

/// <summary>
/// PyTorch's <c>OneCycleLR</c> with cosine annealing in two phases (its defaults: <c>anneal_strategy='cos'</c>,
/// <c>three_phase=False</c>): from max/divFactor up to max over the first pctStart of the steps, then down to
/// max/(divFactor·finalDivFactor). With phase ends e₁ = pctStart·T − 1 and e₂ = T − 1, step s in the phase from a to e
/// gets end + (start − end)·(1 + cos(π·(s − a)/(e − a)))/2. Steps 0 to T are valid, as in PyTorch; a later one throws.
/// PyTorch's momentum cycling (β1 between 0.85 and 0.95) is not applied: this schedules the learning rate only.
/// </summary>
public sealed class OneCycle : ILearningRateSchedule
{
    /// <summary>The one cycle over <paramref name="totalSteps"/> steps; the other defaults are PyTorch's.</summary>
    public OneCycle(
        float maxLearningRate, int totalSteps, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4)
    {
        MaxLearningRate = OptimizerParameters.NonNegative(maxLearningRate, nameof(maxLearningRate));
        TotalSteps = totalSteps >= 1
            ? totalSteps
            : throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "The cycle needs at least 1 step.");
        PctStart = pctStart is >= 0 and <= 1
            ? pctStart
            : throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "Expected the rising fraction in [0, 1].");
        DivFactor = Positive(divFactor, nameof(divFactor));
        FinalDivFactor = Positive(finalDivFactor, nameof(finalDivFactor));
    }

    /// <summary>The peak rate, reached at the end of the rising phase.</summary>
    public float MaxLearningRate { get; }

    /// <summary>The number T of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>The fraction of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>The initial rate is max / divFactor.</summary>
    public double DivFactor { get; }

    /// <summary>The final rate is the initial rate / finalDivFactor.</summary>
    public double FinalDivFactor { get; }

    /// <summary>The rate of step 0: max / divFactor.</summary>
    public double InitialLearningRate => MaxLearningRate / DivFactor;

    /// <summary>The rate of step T − 1: max / (divFactor · finalDivFactor).</summary>
    public double FinalLearningRate => InitialLearningRate / FinalDivFactor;

    /// <inheritdoc />
    public float LearningRateAt(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step > TotalSteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(step), step, $"The one-cycle schedule was made for {TotalSteps} steps (0 to {TotalSteps}); make it with the run's total number of steps.");
        }

        var risingEnd = PctStart * TotalSteps - 1;
        return step <= risingEnd
            ? Anneal(InitialLearningRate, MaxLearningRate, step, 0, risingEnd)
            : Anneal(MaxLearningRate, FinalLearningRate, step, risingEnd, TotalSteps - 1);
    }

    // PyTorch's _annealing_cos. A phase of zero length (PyTorch divides by zero there) counts as finished.
    private static float Anneal(double start, double end, int step, double phaseStart, double phaseEnd)
    {
        var pct = phaseEnd > phaseStart ? (step - phaseStart) / (phaseEnd - phaseStart) : 1;
        return (float)(end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1));
    }

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "Expected a finite value > 0.");
}
