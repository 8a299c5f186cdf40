namespace Strata;

/// <summary>
/// A call that has a model to itself (see <see cref="ModelGuard.Enter"/>); disposing it lets the next one in. Use it
/// with <c>using</c>: it is a struct, so entering and leaving allocate nothing.
/// </summary>
public readonly struct ExclusiveCall : IDisposable
{
    private readonly ModelGuard? _guard;

    internal ExclusiveCall(ModelGuard guard) => _guard = guard;

    /// <summary>Marks the model free again.</summary>
    public void Dispose() => _guard?.Exit();
}
