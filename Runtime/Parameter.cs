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
    /// The guard of the model this parameter belongs to, set by the model's <see cref="ModelGuard"/>; writes of the value
    /// take it through <see cref="WeightUpdate"/>. Null for a parameter made by hand.
    /// </summary>
    internal ModelGuard? Guard { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
