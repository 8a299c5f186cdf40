namespace Strata.Samples;

/// <summary>One epoch's outcome on the training set.</summary>
public readonly record struct SentimentEpoch(double MeanLoss, double Accuracy);
