namespace Strata.Samples;

/// <summary>One way of learning digits 5–9: its accuracy on their evaluation split and its training time.</summary>
/// <param name="Name">How the network was trained.</param>
/// <param name="Accuracy">The fraction of the evaluation digits 5–9 classified correctly, in [0, 1].</param>
/// <param name="Seconds">The wall time of its training on digits 5–9 (pretraining not included).</param>
public sealed record TransferRun(string Name, float Accuracy, double Seconds);
