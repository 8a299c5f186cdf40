namespace Strata.Training;

/// <summary>Checks the parameter list an optimiser is built over.</summary>
internal static class OptimizerParameters
{
    /// <summary>
    /// Copies the list and returns the one device every parameter lives on; throws <see cref="ArgumentException"/>
    /// for an empty list or parameters on different devices.
    /// </summary>
    public static (Parameter[] Parameters, Device Device) Check(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("The optimiser got an empty parameter list.", nameof(parameters));
        }

        var device = parameters[0].Value.Device;
        foreach (var parameter in parameters)
        {
            if (parameter.Value.Device != device)
            {
                throw new ArgumentException(
                    $"All parameters must live on one device: '{parameters[0].Name}' is on {device}, " +
                    $"'{parameter.Name}' on {parameter.Value.Device}.", nameof(parameters));
            }
        }

        return (parameters.ToArray(), device);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is finite and ≥ 0.</summary>
    public static float NonNegative(float value, string name) =>
        float.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "Expected a finite value ≥ 0.");
}
