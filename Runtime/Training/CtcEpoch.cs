namespace Strata.Training;

/// <summary>
/// What a pass of <see cref="CtcTraining"/> measured: the mean CTC loss (as the loss's reduction gives it, averaged over
/// the batches weighted by their size), the fraction of sequences decoded exactly (whole-line accuracy) and the character
/// error rate (the summed edit distances from the decoded labels to the true ones over the summed true lengths).
/// </summary>
public readonly record struct CtcEpoch(double MeanLoss, double LineAccuracy, double CharacterErrorRate);
