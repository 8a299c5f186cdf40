namespace Strata;

/// <summary>
/// A call that has a model to itself (see <see cref="ModelGuard.Enter"/>); disposing it lets the next one in. Use it
/// with <c>using</c>: it is a struct, so entering and leaving allocate nothing.
/// </summary>
public readonly struct ExclusiveCall : IDisposable
{
    private readonly ModelGuard? _guard;
    private readonly bool _writing;

    internal ExclusiveCall(ModelGuard guard, bool writing = false)
    {
        _guard = guard;
        _writing = writing;
    }

    /// <summary>Marks the model free again (and, after a training forward that wrote buffers, lets reads in again).</summary>
    public void Dispose()
    {
        if (_writing)
        {
            _guard?.EndWrite();
        }
        else
        {
            _guard?.Exit();
        }
    }
}
