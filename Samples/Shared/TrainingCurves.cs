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
    /// <summary>The curves of a <see cref="Trainer.Fit"/> run: cross-entropy and accuracy, evaluation ones when measured.</summary>
    public static TrainingCurves From(TrainingHistory history, string title)
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Epochs;
        var evaluated = epochs.All(e => e.EvalAccuracy is not null && e.EvalLoss is not null);
        return new TrainingCurves(
            title, "cross-entropy",
            epochs.Select(e => (double)e.Loss).ToArray(),
            evaluated ? epochs.Select(e => (double)e.EvalLoss!.Value).ToArray() : null,
            epochs.Select(e => (double)e.TrainAccuracy).ToArray(),
            evaluated ? epochs.Select(e => (double)e.EvalAccuracy!.Value).ToArray() : null);
    }
}
