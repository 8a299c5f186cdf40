namespace Strata;

/// <summary>
/// A write of parameter values that must not be seen half-done: the optimisers' <c>Step</c> and
/// <c>ModelState.Load</c> run inside one. For each model whose parameters are written (found through the
/// <see cref="ModelGuard"/> each generated model sets on its parameters) it marks the model busy, so a concurrent
/// <c>Forward</c>, <c>Backward</c> or other write on another thread throws <see cref="InvalidOperationException"/>, and
/// it waits for that model's <c>Predict</c> calls in flight and keeps new ones waiting until it is disposed. So a
/// <c>Predict</c> sees every weight from before the write or every weight from after it. Parameters no model guards
/// (made by hand) are written without any of this.
/// </summary>
/// <example>
/// A custom optimiser does the same:
/// <code>
/// using var update = WeightUpdate.Begin(parameters, "MyOptimizer.Step");
/// foreach (var p in parameters) { /* write p.Value */ }
/// </code>
/// </example>
public readonly struct WeightUpdate : IDisposable
{
    private readonly ModelGuard? _single;
    private readonly ModelGuard[]? _several;

    private WeightUpdate(ModelGuard? single, ModelGuard[]? several)
    {
        _single = single;
        _several = several;
    }

    /// <summary>
    /// Starts a write of <paramref name="parameters"/>, named <paramref name="operation"/> in the message another thread
    /// gets. It allocates nothing when the parameters belong to one model (or none).
    /// </summary>
    public static WeightUpdate Begin(IReadOnlyList<Parameter> parameters, string operation)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(operation);
        ModelGuard? first = null;
        var several = false;
        for (var i = 0; i < parameters.Count; i++)
        {
            var guard = parameters[i].Guard;
            if (guard is null)
            {
                continue;
            }

            if (first is null)
            {
                first = guard;
            }
            else if (guard != first)
            {
                several = true;
            }
        }

        if (!several)
        {
            first?.BeginWrite(operation);
            return new WeightUpdate(first, null);
        }

        // Parameters of several models: take their guards in one global order, so two such writers cannot deadlock.
        var guards = parameters.Select(p => p.Guard).OfType<ModelGuard>().Distinct().OrderBy(g => g.Id).ToArray();
        var entered = 0;
        try
        {
            for (; entered < guards.Length; entered++)
            {
                guards[entered].BeginWrite(operation);
            }
        }
        catch
        {
            for (var i = entered - 1; i >= 0; i--)
            {
                guards[i].EndWrite();
            }

            throw;
        }

        return new WeightUpdate(null, guards);
    }

    /// <summary>Ends the write: the models are free again and waiting <c>Predict</c> calls go on.</summary>
    public void Dispose()
    {
        _single?.EndWrite();
        if (_several is not null)
        {
            for (var i = _several.Length - 1; i >= 0; i--)
            {
                _several[i].EndWrite();
            }
        }
    }
}
