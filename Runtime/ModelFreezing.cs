namespace Strata;

/// <summary>
/// Freezes and unfreezes a model's layers by name, for transfer learning: <c>model.Freeze(nameof(Net.C1),
/// nameof(Net.C3))</c> marks every parameter of those layers (<c>C1.weight</c>, <c>C1.bias</c>, …)
/// <see cref="Parameter.IsFrozen"/>, so the optimisers leave them as they are. The layers still run forward and pass
/// gradients back to the layers before them; the generated backward computes no weight or bias gradient for a frozen
/// conv, transposed conv or dense layer (their <see cref="Parameter.Grad"/> keeps what it held), and for other layers
/// computes one that is then not applied.
/// </summary>
public static class ModelFreezing
{
    /// <summary>
    /// Freezes every parameter of the named layers. Throws <see cref="ArgumentException"/>, listing the layers that
    /// have parameters, when a name matches none (a layer without parameters, such as a pooling layer, cannot be frozen).
    /// </summary>
    public static void Freeze(this IModel model, params string[] layers) => Set(model, layers, frozen: true);

    /// <summary>Unfreezes every parameter of the named layers; throws as <see cref="Freeze"/> does.</summary>
    public static void Unfreeze(this IModel model, params string[] layers) => Set(model, layers, frozen: false);

    /// <summary>The parameters training changes: those not <see cref="Parameter.IsFrozen"/>.</summary>
    public static IReadOnlyList<Parameter> TrainableParameters(this IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Parameters.Where(p => !p.IsFrozen).ToList().AsReadOnly();
    }

    /// <summary>The layer a parameter belongs to: its state_dict name up to the first dot (<c>C1</c> for <c>C1.weight</c>).</summary>
    public static string LayerOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var dot = parameter.Name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? parameter.Name : parameter.Name[..dot];
    }

    private static void Set(IModel model, string[] layers, bool frozen)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        var byLayer = model.Parameters.ToLookup(LayerOf, StringComparer.Ordinal);
        var unknown = layers.Where(layer => layer is null || !byLayer.Contains(layer)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"{model.GetType().Name} has no layer with parameters named {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"its layers with parameters are {string.Join(", ", byLayer.Select(g => g.Key))}.", nameof(layers));
        }

        foreach (var layer in layers)
        {
            foreach (var parameter in byLayer[layer])
            {
                parameter.IsFrozen = frozen;
            }
        }
    }
}
