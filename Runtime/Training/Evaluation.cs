namespace Strata.Training;

/// <summary>What <see cref="Trainer.Evaluate(ITrainingSet, int)"/> measured.</summary>
/// <param name="Loss">The mean loss, each batch's loss weighted by its number of samples.</param>
/// <param name="Accuracy">The fraction of predictions that were right, in [0, 1]; null for a set that measures none (regression).</param>
public sealed record Evaluation(float Loss, float? Accuracy);
