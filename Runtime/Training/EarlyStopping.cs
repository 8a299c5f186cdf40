namespace Strata.Training;

/// <summary>
/// Stops <see cref="Trainer.Fit(ITrainingSet, int, int, int, ITrainingSet?, bool, string?)"/> once an evaluation metric has not improved for <see cref="Patience"/> epochs in a
/// row, as Keras's <c>EarlyStopping</c> callback does: an epoch improves when its eval loss is below the best so far
/// by more than <see cref="MinDelta"/> (its eval accuracy above it, for <see cref="EarlyStoppingMetric.EvalAccuracy"/>).
/// With <see cref="RestoreBestWeights"/>, the parameter values of the best epoch are kept in host memory and copied
/// back when training ends, whether it stopped early or ran every epoch.
/// </summary>
public sealed class EarlyStopping
{
    /// <summary>
    /// Watches <paramref name="metric"/> and stops after <paramref name="patience"/> (≥ 1) epochs without an
    /// improvement larger than <paramref name="minDelta"/> (≥ 0, in the metric's units).
    /// </summary>
    public EarlyStopping(
        int patience, EarlyStoppingMetric metric = EarlyStoppingMetric.EvalLoss, float minDelta = 0, bool restoreBestWeights = false)
    {
        Patience = patience >= 1
            ? patience
            : throw new ArgumentOutOfRangeException(
                nameof(patience), patience, "Patience is the number of epochs without improvement to wait for, at least 1.");
        Metric = Enum.IsDefined(metric)
            ? metric
            : throw new ArgumentOutOfRangeException(nameof(metric), metric, "Expected EvalLoss or EvalAccuracy.");
        MinDelta = OptimizerParameters.NonNegative(minDelta, nameof(minDelta));
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>The number of epochs in a row without improvement after which training stops.</summary>
    public int Patience { get; }

    /// <summary>The metric watched.</summary>
    public EarlyStoppingMetric Metric { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public float MinDelta { get; }

    /// <summary>Whether the best epoch's parameter values are restored when training ends.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>
    /// Whether <paramref name="value"/> improves on <paramref name="best"/>: value &lt; best − MinDelta for the loss,
    /// value &gt; best + MinDelta for the accuracy. Anything improves on a null best (the first epoch).
    /// </summary>
    public bool IsImprovement(double value, double? best) =>
        best is not { } b || (Metric == EarlyStoppingMetric.EvalLoss ? value < b - MinDelta : value > b + MinDelta);

    /// <summary>The watched value of <paramref name="metrics"/>.</summary>
    public double ValueOf(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var value = Metric == EarlyStoppingMetric.EvalLoss ? metrics.EvalLoss : metrics.EvalAccuracy;
        return value ?? throw new ArgumentException($"Epoch {metrics.Epoch} has no {Metric}: early stopping needs an evaluation set.", nameof(metrics));
    }
}
