using Strata.IO;

namespace Strata.Samples;

/// <summary>What <see cref="TransferExperiment.Run"/> measured.</summary>
/// <param name="PretrainAccuracy">The pretrained network's accuracy on the evaluation digits 0–4.</param>
/// <param name="PretrainSeconds">The pretraining's wall time.</param>
/// <param name="BodyLoad">What the non-strict load of the pretrained weights into the new-head network did.</param>
/// <param name="FineTuned">The pretrained body with frozen convolutions and a new head, trained on digits 5–9.</param>
/// <param name="Scratch">The same network from a fresh initialisation, trained on the same budget.</param>
public sealed record TransferReport(
    float PretrainAccuracy, double PretrainSeconds, ModelStateLoadResult BodyLoad, TransferRun FineTuned, TransferRun Scratch);
