using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata;

/// <summary>
/// A dense, row-major float32 tensor on one <see cref="Device"/>. On the CPU it is a managed array; on a GPU it is
/// an ILGPU buffer. A tensor from <see cref="Device.Allocate"/> or <see cref="Device.FromArray"/> owns its storage:
/// <see cref="Dispose"/> frees it, and using it afterwards is an <see cref="ObjectDisposedException"/>. A borrowed
/// tensor (<see cref="IsBorrowed"/>) shares another's storage: a <see cref="Reshape"/> view, or a buffer a model lends
/// (Forward's output, Backward's input gradient, a parameter's value and gradient); Dispose leaves it alone, so
/// <c>using var y = model.Forward(x)</c> is safe.
/// </summary>
public sealed class Tensor : IDisposable
{
    private readonly float[]? _array;
    private MemoryBuffer1D<float, Stride1D.Dense>? _buffer;

    // Where the data starts in _buffer: 0, unless MoveInto placed the tensor in a shared (flat) buffer.
    private int _offset;

    // Whether _buffer is a shared buffer this tensor does not own (after MoveInto): Dispose leaves it alone.
    private bool _sharesBuffer;

    // The tensor that owns the storage a borrowed tensor shares; null for an owner.
    private readonly Tensor? _owner;
    private bool _disposed;

    // Writes counted by MarkChanged; kept on the owner, so views share it.
    private long _version;

    internal Tensor(Device device, int[] shape)
    {
        Device = device;
        Shape = CheckedShape(shape);
        Length = LengthOf(Shape);
        if (device.IsGpu)
        {
            _buffer = device.Accelerator.Allocate1D<float>(Math.Max(Length, 1));
            _buffer.MemSetToZero();
        }
        else
        {
            _array = Cpu.CacheLines.Allocate(Length, zeroed: true);
            _offset = Cpu.CacheLines.Start(_array);
        }
    }

    private Tensor(Tensor source, int[] shape)
    {
        Device = source.Device;
        Shape = shape;
        Length = source.Length;
        _array = source._array;
        _buffer = source._buffer;
        _offset = source._offset;
        _owner = source._owner ?? source;
    }

    /// <summary>The device that holds the data.</summary>
    public Device Device { get; }

    /// <summary>The dimensions, outermost first (the batch, for activations).</summary>
    public int[] Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>
    /// Whether this tensor borrows another's storage (a <see cref="Reshape"/> view, or a buffer a model lends), so that
    /// <see cref="Dispose"/> leaves the storage alone. It is usable as long as the owner is: a model frees its buffers
    /// when the batch size changes.
    /// </summary>
    public bool IsBorrowed => _owner is not null;

    /// <summary>
    /// A counter of changes to the data, shared by every view of the same storage. <see cref="CopyFrom(ReadOnlySpan{float})"/>,
    /// <see cref="Clear"/>, the optimisers' steps and <c>ModelState.Load</c> advance it; code that writes through
    /// <see cref="Span"/> or <see cref="View"/> must call <see cref="MarkChanged"/> afterwards.
    /// Kernels that cache something derived from a tensor (a dense layer's packed weights) key the cache by it, so a
    /// write without <see cref="MarkChanged"/> may leave them computing with the old values.
    /// </summary>
    public long Version => Volatile.Read(ref Storage._version);

    /// <summary>The tensor that owns the storage: itself, or the owner a borrowed tensor shares; what caches key by.</summary>
    internal Tensor Storage => _owner ?? this;

    /// <summary>Records a write of the data that did not go through this class (through <see cref="Span"/>, say): advances <see cref="Version"/>.</summary>
    public void MarkChanged() => Interlocked.Increment(ref Storage._version);

    /// <summary>The data of a CPU tensor.</summary>
    public Span<float> Span => CpuArray.AsSpan(_offset, Length);

    /// <summary>
    /// The first element of a CPU tensor, on a cache line (<see cref="Cpu.CacheLines"/>). The storage is pinned: the
    /// pointer holds while the tensor lives.
    /// </summary>
    internal unsafe float* Pointer => (float*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(CpuArray), _offset));

    /// <summary><paramref name="tensor"/>'s <see cref="Pointer"/>, or null for no tensor.</summary>
    internal static unsafe float* PointerOf(Tensor? tensor) => tensor is null ? null : tensor.Pointer;

    private float[] CpuArray
    {
        get
        {
            ThrowIfDisposed();
            return _array ?? throw new InvalidOperationException($"This tensor lives on {Device}; copy it with ToArray() or use View.");
        }
    }

    /// <summary>The ILGPU view of a GPU tensor.</summary>
    public ArrayView<float> View
    {
        get
        {
            ThrowIfDisposed();
            return _buffer is null
                ? throw new InvalidOperationException("This tensor lives on the CPU; use Span.")
                : _buffer.View.SubView(_offset, Length);
        }
    }

    /// <summary>
    /// The device address of a GPU tensor's first element (its buffer's, as every view starts at the buffer's start), for
    /// native libraries that take raw pointers, such as NCCL.
    /// </summary>
    internal IntPtr DevicePointer
    {
        get
        {
            ThrowIfDisposed();
            return _buffer is null
                ? throw new InvalidOperationException("This tensor lives on the CPU; use Span.")
                : _buffer.NativePtr + ((nint)_offset * sizeof(float));
        }
    }

    /// <summary>A view of the same data with another shape of the same length.</summary>
    public Tensor Reshape(params int[] shape)
    {
        ThrowIfDisposed();
        var checkedShape = CheckedShape(shape);
        if (LengthOf(checkedShape) != Length)
        {
            throw new ArgumentException(
                $"Cannot reshape [{string.Join(", ", Shape)}] ({Length} elements) to [{string.Join(", ", shape)}] ({LengthOf(checkedShape)} elements).",
                nameof(shape));
        }

        return new Tensor(this, checkedShape);
    }

    /// <summary>Copies <paramref name="source"/> into this tensor; the lengths must match.</summary>
    public void CopyFrom(ReadOnlySpan<float> source)
    {
        ThrowIfDisposed();
        if (source.Length != Length)
        {
            throw new ArgumentException(
                $"Expected {Length} values for a tensor of shape [{string.Join(", ", Shape)}], got {source.Length}.",
                nameof(source));
        }

        if (_buffer is null)
        {
            source.CopyTo(Span);
        }
        else
        {
            Gpu.HostTransfer.Upload(Device, source, View);
        }

        MarkChanged();
    }

    /// <summary>Copies another tensor of the same length, on any device, into this one.</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ThrowIfDisposed();
        source.ThrowIfDisposed();
        if (source._buffer is not null && _buffer is not null && source.Device == Device)
        {
            if (source.Length != Length)
            {
                throw new ArgumentException($"Expected {Length} values, got {source.Length}.", nameof(source));
            }

            source.View.CopyTo(View);
            MarkChanged();
            return;
        }

        CopyFrom(source._array is null ? source.ToArray() : source.Span);
    }

    /// <summary>Copies the data to a new managed array.</summary>
    public float[] ToArray()
    {
        ThrowIfDisposed();
        if (_buffer is null)
        {
            return Span.ToArray();
        }

        var result = new float[Length];
        Gpu.HostTransfer.Download(Device, View, result.AsSpan());
        return result;
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear()
    {
        ThrowIfDisposed();
        if (_buffer is null)
        {
            Span.Clear();
        }
        else
        {
            View.MemSetToZero();
        }

        MarkChanged();
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}] on {Device}";

    /// <summary>
    /// Frees the storage of a tensor that owns it (GPU memory at once); does nothing on a borrowed tensor. Disposing
    /// twice is harmless.
    /// </summary>
    public void Dispose()
    {
        if (_owner is null && !_disposed)
        {
            _disposed = true;
            if (!_sharesBuffer)
            {
                _buffer?.Dispose();
            }
        }
    }

    /// <summary>
    /// Moves the data of a GPU tensor, a borrowed one that is its storage's only view (a parameter's value or gradient),
    /// into <paramref name="buffer"/> at <paramref name="offset"/>, a device-to-device copy, and makes this tensor and
    /// its owner use that place from now on: what lets an optimiser keep a model's parameters in one flat buffer and
    /// update them all with one launch. Objects that hold this tensor see the new place; views made by
    /// <see cref="Reshape"/> before the move keep the old storage, which is freed unless it was itself a shared buffer,
    /// so do not keep such views of a parameter. The shared buffer belongs to the caller: Dispose no longer frees storage.
    /// </summary>
    internal void MoveInto(MemoryBuffer1D<float, Stride1D.Dense> buffer, int offset)
    {
        ThrowIfDisposed();
        if (_buffer is null)
        {
            throw new InvalidOperationException("Only GPU tensors move into device buffers.");
        }

        var owner = Storage;
        ArrayView<float> target = buffer.View;
        View.CopyTo(target.SubView(offset, Length));
        var (old, oldShared) = (owner._buffer!, owner._sharesBuffer);
        foreach (var tensor in new[] { owner, this })
        {
            tensor._buffer = buffer;
            tensor._offset = offset;
            tensor._sharesBuffer = true;
        }

        if (!oldShared)
        {
            Device.Accelerator.Synchronize();
            old.Dispose();
        }
    }

    /// <summary>The device buffer a GPU tensor's data lives in and where in it the data starts (a flat buffer after <see cref="MoveInto"/>).</summary>
    internal (MemoryBuffer1D<float, Stride1D.Dense> Buffer, int Offset) Placement
    {
        get
        {
            ThrowIfDisposed();
            return _buffer is null ? throw new InvalidOperationException("This tensor lives on the CPU.") : (_buffer, _offset);
        }
    }

    /// <summary>A borrowed view of the whole tensor, same shape: what a model lends out of the buffers it owns.</summary>
    internal Tensor Borrow()
    {
        ThrowIfDisposed();
        return new Tensor(this, (int[])Shape.Clone());
    }

    private void ThrowIfDisposed()
    {
        if (_owner is { _disposed: true })
        {
            throw new ObjectDisposedException(
                nameof(Tensor),
                $"This {this} borrows storage that was disposed: a model frees the buffers it lends when the batch size changes " +
                "(copy what you keep with ToArray() before the next Forward), and a Reshape view lives only as long as its source.");
        }

        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(Tensor), $"This {this} was disposed.");
        }
    }

    private static int[] CheckedShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor dimensions must be ≥ 0, got [{string.Join(", ", shape)}].", nameof(shape));
            }
        }

        return (int[])shape.Clone();
    }

    private static int LengthOf(int[] shape)
    {
        long length = 1;
        foreach (var dimension in shape)
        {
            length *= dimension;
        }

        return length > int.MaxValue ? throw new ArgumentException("The tensor is too large.") : (int)length;
    }
}
