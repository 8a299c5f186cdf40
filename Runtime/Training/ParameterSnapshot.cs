namespace Strata.Training;

/// <summary>
/// Host copies of a model's parameter values, taken with <see cref="Capture"/> and copied back with
/// <see cref="Restore"/> (from and to any device); gradients are left alone.
/// </summary>
internal sealed class ParameterSnapshot(IReadOnlyList<Parameter> parameters)
{
    private readonly float[][] _values = parameters.Select(p => new float[p.Value.Length]).ToArray();

    /// <summary>The captured values by parameter name (zeros before the first <see cref="Capture"/>).</summary>
    public IReadOnlyDictionary<string, float[]> ByName() =>
        parameters.Select((p, i) => KeyValuePair.Create(p.Name, _values[i])).ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Sets the captured values from <paramref name="values"/> (by parameter name, as <see cref="ByName"/> gives them);
    /// returns false, changing nothing, when a name is missing or a length differs.
    /// </summary>
    public bool TrySet(IReadOnlyDictionary<string, float[]> values)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (!values.TryGetValue(parameters[i].Name, out var value) || value.Length != _values[i].Length)
            {
                return false;
            }
        }

        for (var i = 0; i < _values.Length; i++)
        {
            values[parameters[i].Name].CopyTo(_values[i], 0);
        }

        return true;
    }

    /// <summary>Copies every parameter's current value into the snapshot.</summary>
    public void Capture()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            var value = parameters[i].Value;
            if (value.Device.IsGpu)
            {
                value.ToArray().CopyTo(_values[i], 0);
            }
            else
            {
                value.Span.CopyTo(_values[i]);
            }
        }
    }

    /// <summary>Copies the snapshot back into the parameters.</summary>
    public void Restore()
    {
        using var update = WeightUpdate.Begin(parameters, "restoring the best weights");
        for (var i = 0; i < _values.Length; i++)
        {
            parameters[i].Value.CopyFrom(_values[i]);
        }
    }
}
