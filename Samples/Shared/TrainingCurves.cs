using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// The per-epoch numbers <see cref="TrainingPlot"/> draws: a loss for training and evaluation, and an accuracy for
/// each, any of which a sample may not have (null).
/// </summary>
/// <param name="Title">The chart's title.</param>
/// <param name="LossName">What the loss axis measures, e.g. "cross-entropy".</param>
/// <param name="TrainLoss">The training loss of epochs 1, 2, …</param>
/// <param name="EvalLoss">The evaluation loss per epoch, or null.</param>
/// <param name="TrainAccuracy">The training accuracy in [0, 1] per epoch, or null.</param>
/// <param name="EvalAccuracy">The evaluation accuracy in [0, 1] per epoch, or null.</param>
internal sealed record TrainingCurves(
    string Title, string LossName, IReadOnlyList<double> TrainLoss, IReadOnlyList<double>? EvalLoss = null,
    IReadOnlyList<double>? TrainAccuracy = null, IReadOnlyList<double>? EvalAccuracy = null)
{
    /// <summary>
    /// The curves of a <see cref="Trainer"/> run: the loss (named <paramref name="lossName"/>) and, where the set measures
    /// one, the accuracy, with evaluation curves when every epoch measured them.
    /// </summary>
    public static TrainingCurves From(TrainingHistory history, string title, string lossName = "cross-entropy")
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Epochs;
        return new TrainingCurves(
            title, lossName,
            epochs.Select(e => (double)e.Loss).ToArray(),
            Curve(epochs, e => e.EvalLoss),
            Curve(epochs, e => e.TrainAccuracy),
            Curve(epochs, e => e.EvalAccuracy));
    }

    private static double[]? Curve(IReadOnlyList<EpochMetrics> epochs, Func<EpochMetrics, float?> value) =>
        epochs.All(e => value(e) is not null) ? epochs.Select(e => (double)value(e)!.Value).ToArray() : null;
}
