namespace Strata.Training;

/// <summary>One epoch of <see cref="LanguageModelTraining"/>: the training perplexity (d2l's figure) and the speed.</summary>
public readonly record struct LanguageModelEpoch(double Perplexity, double TokensPerSecond);
