namespace Strata.Training;

/// <summary>
/// An optimiser whose state (moments, momentum, step count, learning rate) can be saved and restored, so a run resumed
/// from a checkpoint takes the same steps as one that never stopped. <see cref="Sgd"/>, <see cref="Adam"/> and
/// <see cref="AdamW"/> implement it.
/// </summary>
public interface IResumableOptimizer : IOptimizer
{
    /// <summary>Host copies of the current state.</summary>
    OptimizerState GetState();

    /// <summary>
    /// Continues from <paramref name="state"/>. Checks it all first and throws <see cref="InvalidDataException"/>,
    /// changing nothing, when it is another optimiser's or its buffers do not fit the parameters.
    /// </summary>
    void SetState(OptimizerState state);
}
