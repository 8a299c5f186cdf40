namespace Strata;

/// <summary>
/// A <c>Predict</c> call in flight (see <see cref="ModelGuard.BeginPredict"/>): it holds the model's weights for
/// reading, and on a GPU the device. Disposing it releases both. A struct, so it allocates nothing.
/// </summary>
public readonly struct PredictCall : IDisposable
{
    private readonly ModelGuard? _guard;

    internal PredictCall(ModelGuard guard) => _guard = guard;

    /// <summary>Releases the weights (and the device).</summary>
    public void Dispose() => _guard?.EndPredict();
}
