namespace Strata.Training;

/// <summary>What one batch measured.</summary>
/// <param name="Loss">
/// The batch's loss, the value its gradient is the derivative of. An epoch's loss is the mean of its batches' losses,
/// each weighted by its number of samples.
/// </param>
/// <param name="Scored">
/// How many predictions the accuracy counts: the samples for a classifier, the valid tokens for a tagger, 0 for
/// regression.
/// </param>
/// <param name="Correct">How many of those predictions were right.</param>
public readonly record struct BatchScore(float Loss, int Scored, int Correct);
