namespace Strata;

/// <summary>
/// A learned tensor and its gradient, named as in a PyTorch state_dict (for example <c>C1.weight</c>).
/// </summary>
public sealed class Parameter
{
    /// <summary>Allocates a zero-filled parameter and gradient on <paramref name="device"/>.</summary>
    public Parameter(Device device, string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(device);
        Name = name;

        // The parameter owns its storage for its whole life; callers get borrowed tensors, which Dispose leaves alone.
        Value = device.Allocate(shape).Borrow();
        Grad = device.Allocate(shape).Borrow();
    }

    /// <summary>The state_dict name, e.g. <c>C1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions, as in PyTorch (a conv weight is [out, in, kh, kw]).</summary>
    public int[] Shape => Value.Shape;

    /// <summary>The current value (borrowed: Dispose on it does nothing).</summary>
    public Tensor Value { get; }

    /// <summary>The gradient of the loss, written by the model's <c>Backward</c> (borrowed: Dispose on it does nothing).</summary>
    public Tensor Grad { get; }

    /// <summary>
    /// Whether training leaves this parameter alone: the optimisers (<c>Sgd</c>, <c>Adam</c>, <c>AdamW</c>) skip it,
    /// so its value, its moments and its weight decay stay as they are, and gradient clipping leaves it out of the norm.
    /// The model's <c>Backward</c> neither computes nor writes the <see cref="Grad"/> of a frozen conv, transposed conv
    /// or dense weight or bias (it keeps what it held), while it still passes gradients back through the layer; the
    /// other layers' parameters (BatchNorm, embeddings, recurrent layers) still get theirs computed, and only the
    /// optimiser skips them. Set it by layer with <see cref="ModelFreezing.Freeze(IModel, string[])"/>.
    /// </summary>
    public bool IsFrozen { get; set; }

    /// <summary>
    /// The guard of the model this parameter belongs to, set by the model's <see cref="ModelGuard"/>; writes of the value
    /// take it through <see cref="WeightUpdate"/>. Null for a parameter made by hand.
    /// </summary>
    internal ModelGuard? Guard { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
