namespace Strata.Training;

/// <summary>
/// Host copies of a model's parameter values, taken with <see cref="Capture"/> and copied back with
/// <see cref="Restore"/> (from and to any device); gradients are left alone.
/// </summary>
internal sealed class ParameterSnapshot(IReadOnlyList<Parameter> parameters)
{
    private readonly float[][] _values = parameters.Select(p => new float[p.Value.Length]).ToArray();

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
