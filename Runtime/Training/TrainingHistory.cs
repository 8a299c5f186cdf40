namespace Strata.Training;

/// <summary>The per-epoch metrics of one <see cref="Trainer.Fit"/> call, in order.</summary>
public sealed class TrainingHistory(IReadOnlyList<EpochMetrics> epochs)
{
    /// <summary>One entry per epoch.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; } = epochs;

    /// <summary>The metrics of the last epoch.</summary>
    public EpochMetrics Last => Epochs[^1];
}
