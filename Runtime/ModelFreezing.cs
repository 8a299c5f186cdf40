namespace Strata;

/// <summary>
/// Freezes and unfreezes a model's layers by name, for transfer learning: <c>model.Freeze(nameof(Net.C1),
/// nameof(Net.C3))</c> marks every parameter of those layers (<c>C1.weight</c>, <c>C1.bias</c>, …)
/// <see cref="Parameter.IsFrozen"/>, so the optimisers leave them as they are. A name is a top-level layer or block:
/// <c>Layer1</c> freezes every layer of that block. The layers still run forward and pass gradients back to the layers
/// before them, but the generated backward computes no gradient for a frozen parameter (its <see cref="Parameter.Grad"/>
/// keeps what it held). <see cref="Freezing.ParametersAndStatistics"/> also freezes the BatchNorm running statistics of
/// those layers (<see cref="ModelBuffer.IsFrozen"/>), as PyTorch users call <c>bn.eval()</c> on a frozen body.
/// </summary>
public static class ModelFreezing
{
    /// <summary>
    /// Freezes every parameter of the named layers. Throws <see cref="ArgumentException"/>, listing the layers that
    /// have parameters, when a name matches none (a layer without parameters, such as a pooling layer, cannot be frozen).
    /// </summary>
    public static void Freeze(this IModel model, params string[] layers) => Set(model, layers, frozen: true, statistics: false);

    /// <summary>
    /// Freezes every parameter of the named layers and, with <see cref="Freezing.ParametersAndStatistics"/>, their
    /// BatchNorm running statistics too; throws as <see cref="Freeze(IModel, string[])"/> does.
    /// </summary>
    public static void Freeze(this IModel model, Freezing what, params string[] layers)
    {
        if (!Enum.IsDefined(what))
        {
            throw new ArgumentOutOfRangeException(nameof(what), what, "Expected Parameters or ParametersAndStatistics.");
        }

        Set(model, layers, frozen: true, statistics: what == Freezing.ParametersAndStatistics);
    }

    /// <summary>Unfreezes every parameter and running statistic of the named layers; throws as <see cref="Freeze(IModel, string[])"/> does.</summary>
    public static void Unfreeze(this IModel model, params string[] layers) => Set(model, layers, frozen: false, statistics: true);

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
        return LayerOf(parameter.Name);
    }

    private static string LayerOf(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? name : name[..dot];
    }

    private static void Set(IModel model, string[] layers, bool frozen, bool statistics)
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

        if (statistics)
        {
            var named = layers.ToHashSet(StringComparer.Ordinal);
            foreach (var buffer in model.Buffers.Where(b => named.Contains(LayerOf(b.Name))))
            {
                buffer.IsFrozen = frozen;
            }
        }
    }
}
