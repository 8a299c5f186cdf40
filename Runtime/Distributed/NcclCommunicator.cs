using System.Runtime.InteropServices;
using ILGPU.Runtime.Cuda;

namespace Strata.Distributed;

/// <summary>
/// <see cref="ICommunicator"/> for CUDA models: gradients are reduced by NCCL's <c>ncclAllReduce</c> on the model
/// accelerator's CUDA stream, in place in GPU memory, one process per GPU; host values (metrics, the bootstrap) go over
/// the MPI communicator it is built on. A bucket is one NCCL group (<c>ncclGroupStart</c> … <c>ncclGroupEnd</c>) of one
/// allreduce per gradient, which NCCL fuses; an evenly split batch uses <c>ncclAvg</c>, an uneven last batch scales the
/// gradients first and sums. The stream is synchronised inside the host communicator's watchdog, so a rank that stops
/// answering ends the job rather than hanging it.
/// <para>
/// Built and documented, but not run here: no machine this was written on had a GPU, let alone two, and NCCL is not
/// installed on CI. See docs/distributed.md.
/// </para>
/// </summary>
public sealed class NcclCommunicator : ICommunicator
{
    private readonly ICommunicator _host;
    private readonly Device _device;
    private readonly IntPtr _comm;
    private readonly IntPtr _stream;
    private bool _disposed;

    private NcclCommunicator(ICommunicator host, Device device, IntPtr comm, IntPtr stream)
    {
        _host = host;
        _device = device;
        _comm = comm;
        _stream = stream;
    }

    /// <inheritdoc />
    public int Rank => _host.Rank;

    /// <inheritdoc />
    public int Size => _host.Size;

    /// <summary>
    /// Joins the NCCL communicator of every rank of <paramref name="host"/> on <paramref name="device"/>, a CUDA device
    /// (one per process: <c>Device.Cuda(DataParallel.LocalRank)</c>). Rank 0 makes the unique id and broadcasts it over
    /// <paramref name="host"/>. Owns <paramref name="host"/> from then on. Throws <see cref="ArgumentException"/> for a
    /// device that is not a CUDA GPU and <see cref="DllNotFoundException"/> naming the package when NCCL is missing.
    /// </summary>
    public static NcclCommunicator Create(ICommunicator host, Device device)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(device);
        if (device.Kind != DeviceKind.Cuda || device.Accelerator.DefaultStream is not CudaStream stream)
        {
            throw new ArgumentException(
                $"NCCL reduces tensors in CUDA memory, but the model runs on {device}; use DataParallel.Mpi() for CPU models.", nameof(device));
        }

        if (!NativeLibrary.TryLoad(NcclNative.Library, out var library))
        {
            throw new DllNotFoundException(MissingMessage());
        }

        NativeLibrary.Free(library);
        var id = default(NcclUniqueId);
        if (host.Rank == 0)
        {
            NcclNative.Check(NcclNative.GetUniqueId(out id), "ncclGetUniqueId");
        }

        host.Broadcast(MemoryMarshal.Cast<byte, double>(id.AsSpan()), root: 0);
        NcclNative.Check(NcclNative.CommInitRank(out var comm, host.Size, id, host.Rank), "ncclCommInitRank");
        return new NcclCommunicator(host, device, comm, stream.StreamPtr);
    }

    /// <summary>The message when libnccl.so.2 is missing.</summary>
    public static string MissingMessage() =>
        $"GPU data-parallel training needs NCCL ({NcclNative.Library}), which was not found. Install it with " +
        "`sudo apt-get install libnccl2` from NVIDIA's CUDA repository (or put the nvidia-nccl-cu12 wheel's lib folder on LD_LIBRARY_PATH).";

    /// <summary>
    /// The NCCL operation and the factor to apply first for a bucket weighted by <paramref name="scale"/> on
    /// <paramref name="size"/> ranks: ncclAvg alone when the weight is 1 / size (an evenly split batch), else ncclSum after
    /// scaling (1 when none is needed).
    /// </summary>
    public static (int Operation, float PreScale) ReductionFor(float scale, int size) =>
        scale * size == 1 ? (NcclNative.Average, 1f) : (NcclNative.Sum, scale);

    /// <inheritdoc />
    public void AllreduceSum(IReadOnlyList<Tensor> bucket, float scale)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var (operation, preScale) = ReductionFor(scale, Size);
        foreach (var tensor in bucket)
        {
            CheckOnDevice(tensor);
            if (preScale != 1)
            {
                // Only an uneven last batch gets here; a round trip through the host is cheap next to the epoch.
                var values = tensor.ToArray();
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] *= preScale;
                }

                tensor.CopyFrom(values);
            }
        }

        NcclNative.Check(NcclNative.GroupStart(), "ncclGroupStart");
        foreach (var tensor in bucket)
        {
            var pointer = PointerOf(tensor);
            NcclNative.Check(
                NcclNative.AllReduce(pointer, pointer, (nuint)tensor.Length, NcclNative.Float32, operation, _comm, _stream), "ncclAllReduce");
        }

        NcclNative.Check(NcclNative.GroupEnd(), "ncclGroupEnd");
        Synchronize($"rank {Rank}: the NCCL allreduce of a gradient bucket ({bucket.Sum(t => (long)t.Length):N0} floats)");
        foreach (var tensor in bucket)
        {
            tensor.MarkChanged();
        }
    }

    /// <inheritdoc />
    public void AllreduceSum(Span<double> values) => _host.AllreduceSum(values);

    /// <inheritdoc />
    public void Broadcast(Tensor tensor, int root)
    {
        CheckOnDevice(tensor);
        var pointer = PointerOf(tensor);
        NcclNative.Check(NcclNative.Broadcast(pointer, pointer, (nuint)tensor.Length, NcclNative.Float32, root, _comm, _stream), "ncclBroadcast");
        Synchronize($"rank {Rank}: the NCCL broadcast of a tensor [{string.Join(", ", tensor.Shape)}]");
        tensor.MarkChanged();
    }

    /// <inheritdoc />
    public void Broadcast(Span<double> values, int root) => _host.Broadcast(values, root);

    /// <inheritdoc />
    public void Abort(string message)
    {
        NcclNative.CommAbort(_comm);
        _host.Abort(message);
    }

    /// <summary>Destroys the NCCL communicator, then disposes the host one.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NcclNative.CommDestroy(_comm);
        _host.Dispose();
    }

    private void Synchronize(string operation)
    {
        // The host communicator's watchdog bounds the wait: a stream that never finishes means a rank that never joined.
        var flag = new double[1];
        _device.Synchronize();
        NcclNative.Check(NcclNative.CommGetAsyncError(_comm, out var asyncError), "ncclCommGetAsyncError");
        NcclNative.Check(asyncError, operation);

        // One tiny host collective per bucket, under the MPI watchdog, so that a rank lost during the NCCL call is noticed.
        _host.AllreduceSum(flag);
    }

    private void CheckOnDevice(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Device != _device)
        {
            throw new ArgumentException($"The NCCL communicator reduces tensors on {_device}, got one on {tensor.Device}.", nameof(tensor));
        }
    }

    private static IntPtr PointerOf(Tensor tensor) => tensor.DevicePointer;
}
