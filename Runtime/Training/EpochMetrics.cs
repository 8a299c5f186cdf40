namespace Strata.Training;

/// <summary>What one epoch of <see cref="Trainer.Fit(ITrainingSet, int, int, int, ITrainingSet?, bool, string?)"/> measured.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Loss">The mean training loss over the epoch's samples.</param>
/// <param name="TrainAccuracy">
/// The fraction of training predictions that were right while training, in [0, 1]; null for a set that measures no
/// accuracy (regression).
/// </param>
/// <param name="EvalAccuracy">The accuracy on the evaluation set after the epoch, or null without one (or without accuracy).</param>
/// <param name="EvalLoss">The mean loss on the evaluation set after the epoch, or null without one.</param>
/// <param name="SamplesPerSecond">Training throughput (forward, backward and update).</param>
/// <param name="Seconds">The epoch's wall time, evaluation included.</param>
/// <param name="LearningRate">The optimiser's learning rate at the epoch's last step.</param>
public sealed record EpochMetrics(
    int Epoch, float Loss, float? TrainAccuracy, float? EvalAccuracy, float? EvalLoss, double SamplesPerSecond, double Seconds, float LearningRate);
