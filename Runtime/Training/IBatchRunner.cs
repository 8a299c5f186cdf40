namespace Strata.Training;

/// <summary>
/// Runs batches of one <see cref="ITrainingSet"/> through one model (from <see cref="ITrainingSet.Open"/>): gathers the
/// samples, runs forward, computes the loss and, when asked, its gradient and the model's backward. The optimiser step
/// is the caller's.
/// </summary>
public interface IBatchRunner : IDisposable
{
    /// <summary>Whether <see cref="BatchScore.Correct"/> means anything: true for classifiers and taggers, false for regression.</summary>
    bool MeasuresAccuracy { get; }

    /// <summary>
    /// Runs the samples at <paramref name="samples"/> (indices into the set) as one batch, in the model's current mode.
    /// With <paramref name="backward"/>, writes the loss's gradient and runs the model's backward, which leaves the
    /// parameters' gradients ready for an optimiser step.
    /// </summary>
    BatchScore Run(ReadOnlySpan<int> samples, bool backward);

    /// <summary>
    /// <see cref="Run(ReadOnlySpan{int}, bool)"/>, told the samples of the batch that follows (empty when none), so a
    /// runner on a GPU can gather them and start their upload on the device's copy stream while this batch computes; the
    /// next call then takes them without waiting for a copy on the default stream. The result is the same as without
    /// <paramref name="next"/>. The default ignores <paramref name="next"/>.
    /// </summary>
    BatchScore Run(ReadOnlySpan<int> samples, bool backward, ReadOnlySpan<int> next) => Run(samples, backward);
}
