namespace Strata;

/// <summary>The mean over each sequence's valid steps; no parameters.</summary>
public sealed class MeanOverSteps
{
}
