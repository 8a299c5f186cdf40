namespace Strata.Training;

/// <summary>The per-epoch metrics of one <see cref="Trainer.Fit(ITrainingSet, int, int, int, ITrainingSet?, bool, string?)"/> call, in order.</summary>
/// <param name="epochs">One entry per epoch run.</param>
/// <param name="bestEpoch">With early stopping, the epoch (from 1) with the best watched metric; otherwise null.</param>
/// <param name="stoppedEarly">Whether early stopping ended the run before its last epoch.</param>
/// <param name="restoredBestWeights">Whether the best epoch's parameter values were copied back at the end.</param>
public sealed class TrainingHistory(
    IReadOnlyList<EpochMetrics> epochs, int? bestEpoch = null, bool stoppedEarly = false, bool restoredBestWeights = false)
{
    /// <summary>One entry per epoch.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; } = epochs;

    /// <summary>The metrics of the last epoch.</summary>
    public EpochMetrics Last => Epochs[^1];

    /// <summary>With early stopping, the epoch (from 1) with the best watched metric; otherwise null.</summary>
    public int? BestEpoch { get; } = bestEpoch;

    /// <summary>Whether early stopping ended the run before its last epoch.</summary>
    public bool StoppedEarly { get; } = stoppedEarly;

    /// <summary>Whether the model holds the best epoch's parameter values rather than the last epoch's.</summary>
    public bool RestoredBestWeights { get; } = restoredBestWeights;
}
