namespace Strata;

/// <summary>
/// The tensors a generated model owns for one batch size (its activations, gradients and states). Each
/// <see cref="Allocate"/> gives a borrowed tensor (<see cref="Tensor.IsBorrowed"/>), so a caller who disposes what the
/// model returns frees nothing; disposing the <see cref="ModelBuffers"/> frees them all, and a borrowed tensor used
/// after that is an <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class ModelBuffers : IDisposable
{
    private readonly Device _device;
    private readonly List<Tensor> _owned = [];
    private bool _disposed;

    /// <summary>Buffers on <paramref name="device"/>.</summary>
    public ModelBuffers(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    /// <summary>A zero-filled tensor of the given shape, lent by these buffers.</summary>
    public Tensor Allocate(params int[] shape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tensor = _device.Allocate(shape);
        _owned.Add(tensor);
        return tensor.Borrow();
    }

    /// <summary>Frees every tensor these buffers lent.</summary>
    public void Dispose()
    {
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }

        _owned.Clear();
        _disposed = true;
    }
}
