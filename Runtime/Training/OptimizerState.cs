namespace Strata.Training;

/// <summary>
/// What an optimiser needs to continue exactly where it stopped, as host copies: its kind, its step count, its
/// learning rate and its per-parameter buffers, keyed <c>buffer/parameter</c> with PyTorch's buffer names
/// (<c>exp_avg/C1.weight</c> and <c>exp_avg_sq/C1.weight</c> for Adam and AdamW, <c>momentum_buffer/C1.weight</c>
/// for SGD with momentum). Made by <see cref="IResumableOptimizer.GetState"/>, given back to
/// <see cref="IResumableOptimizer.SetState"/>, and stored in checkpoints by <see cref="Strata.IO.Checkpoint"/>.
/// Hyperparameters other than the learning rate are the optimiser's own and are not part of the state.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>
    /// Holds the state. Throws <see cref="ArgumentException"/> for an empty kind, a negative step count, a learning rate
    /// that is negative or not finite, or a null buffer.
    /// </summary>
    public OptimizerState(string kind, long stepCount, float learningRate, IReadOnlyDictionary<string, float[]> buffers)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        ArgumentNullException.ThrowIfNull(buffers);
        Kind = kind;
        StepCount = stepCount;
        LearningRate = OptimizerParameters.NonNegative(learningRate, nameof(learningRate));
        foreach (var (name, values) in buffers)
        {
            if (values is null)
            {
                throw new ArgumentException($"The buffer '{name}' is null.", nameof(buffers));
            }
        }

        Buffers = new Dictionary<string, float[]>(buffers, StringComparer.Ordinal);
    }

    /// <summary>The optimiser's kind (<c>Sgd</c>, <c>Adam</c>, <c>AdamW</c>); a state loads only into the same kind.</summary>
    public string Kind { get; }

    /// <summary>The steps taken so far (Adam's t in the bias corrections).</summary>
    public long StepCount { get; }

    /// <summary>The learning rate when the state was taken.</summary>
    public float LearningRate { get; }

    /// <summary>The per-parameter buffers, keyed <c>buffer/parameter</c>, each as long as its parameter.</summary>
    public IReadOnlyDictionary<string, float[]> Buffers { get; }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless this state is of <paramref name="kind"/> and holds exactly the
    /// buffers <paramref name="expected"/> names, each of the length given.
    /// </summary>
    internal void Check(string kind, IReadOnlyDictionary<string, int> expected)
    {
        if (Kind != kind)
        {
            throw new InvalidDataException($"The optimiser state is {Kind}'s; it cannot be loaded into {kind}.");
        }

        var missing = expected.Keys.Where(name => !Buffers.ContainsKey(name)).ToList();
        var unexpected = Buffers.Keys.Where(name => !expected.ContainsKey(name)).ToList();
        var wrongLength = expected
            .Where(e => Buffers.TryGetValue(e.Key, out var values) && values.Length != e.Value)
            .Select(e => $"'{e.Key}' has {Buffers[e.Key].Length} values, the parameter {e.Value}")
            .ToList();
        if (missing.Count + unexpected.Count + wrongLength.Count > 0)
        {
            var problems = missing.Select(m => $"missing '{m}'")
                .Concat(unexpected.Select(u => $"unexpected '{u}'"))
                .Concat(wrongLength);
            throw new InvalidDataException(
                $"The {kind} state does not fit these parameters: {string.Join("; ", problems)}.");
        }
    }
}
