namespace Strata.Training;

/// <summary>What one epoch of <see cref="Trainer.Fit"/> measured.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Loss">The mean training loss over the epoch's samples.</param>
/// <param name="TrainAccuracy">The fraction of training samples classified correctly while training, in [0, 1].</param>
/// <param name="EvalAccuracy">The accuracy on the evaluation set after the epoch, or null without one.</param>
/// <param name="EvalLoss">The mean cross-entropy on the evaluation set after the epoch, or null without one.</param>
/// <param name="ImagesPerSecond">Training throughput (forward, backward and update).</param>
/// <param name="Seconds">The epoch's wall time, evaluation included.</param>
/// <param name="LearningRate">The optimiser's learning rate at the epoch's last step.</param>
public sealed record EpochMetrics(
    int Epoch, float Loss, float TrainAccuracy, float? EvalAccuracy, float? EvalLoss, double ImagesPerSecond, double Seconds, float LearningRate);
