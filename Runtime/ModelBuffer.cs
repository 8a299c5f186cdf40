namespace Strata;

/// <summary>
/// State that a model keeps beside its parameters, which training updates and no gradient reaches: PyTorch's buffers,
/// such as BatchNorm's <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c>, named as in a
/// state_dict (<c>Bn1.running_mean</c>). A float32 buffer lives on the model's device in <see cref="Value"/>; an int64
/// one (a counter) lives on the host in <see cref="Int64Values"/>.
/// </summary>
public sealed class ModelBuffer
{
    private readonly int[] _shape;
    private readonly Tensor? _value;
    private readonly long[]? _int64Values;

    private ModelBuffer(string name, int[] shape, Tensor? value, long[]? int64Values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _shape = shape;
        _value = value;
        _int64Values = int64Values;
    }

    /// <summary>A float32 buffer of <paramref name="shape"/> on <paramref name="device"/>, every value <paramref name="fill"/>.</summary>
    public static ModelBuffer Float32(Device device, string name, float fill, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(device);
        // The model owns the storage for its whole life; callers get a borrowed tensor, which Dispose leaves alone.
        var value = device.Allocate(shape).Borrow();
        Initializers.Constant(value, fill);
        return new ModelBuffer(name, [.. shape], value, null);
    }

    /// <summary>An int64 buffer of <paramref name="shape"/> (empty for a scalar, as num_batches_tracked), on the host, all zeros.</summary>
    public static ModelBuffer Int64(string name, params int[] shape)
    {
        var length = 1L;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            length *= dimension;
        }

        return new ModelBuffer(name, [.. shape], null, new long[length]);
    }

    /// <summary>The state_dict name, e.g. <c>Bn1.running_mean</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions, as in PyTorch; empty for a scalar.</summary>
    public int[] Shape => [.. _shape];

    /// <summary>Whether it holds int64 values (<see cref="Int64Values"/>) rather than float32 ones (<see cref="Value"/>).</summary>
    public bool IsInt64 => _int64Values is not null;

    /// <summary>The float32 values on the model's device (borrowed: Dispose on it does nothing).</summary>
    /// <exception cref="InvalidOperationException">The buffer holds int64 values.</exception>
    public Tensor Value => _value ?? throw new InvalidOperationException($"{Name} holds int64 values; use Int64Values.");

    /// <summary>The int64 values, on the host, row-major.</summary>
    /// <exception cref="InvalidOperationException">The buffer holds float32 values.</exception>
    public long[] Int64Values => _int64Values ?? throw new InvalidOperationException($"{Name} holds float32 values; use Value.");

    /// <summary>
    /// Whether training leaves it alone: a frozen BatchNorm's running statistics are not updated, and training forwards
    /// normalise with them as evaluation does. Set through <see cref="ModelFreezing.Freeze(IModel, Freezing, string[])"/>.
    /// </summary>
    public bool IsFrozen { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", _shape)}]{(IsInt64 ? " int64" : string.Empty)}";
}
