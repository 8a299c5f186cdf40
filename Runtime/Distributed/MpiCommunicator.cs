using System.Runtime.InteropServices;
using Strata.Gpu;
using static MPI.Unsafe;

namespace Strata.Distributed;

/// <summary>
/// <see cref="ICommunicator"/> over MPI's world communicator, through MPI.NET on MPICH (<see cref="MpiLibrary"/>).
/// Start the processes with <c>mpiexec.mpich -n N</c> (or <c>-f hosts</c> for several machines); a process started
/// without it is a world of one. Errors are returned rather than fatal (MPI_ERRORS_RETURN) and thrown as
/// <see cref="IOException"/>, and every collective runs under a <see cref="CollectiveWatchdog"/>, so a rank never waits
/// longer than <see cref="Timeout"/> for the others. Gradient buckets are packed into one host array and reduced with a
/// single in-place <c>MPI_Allreduce</c> each; GPU tensors are staged through the host.
/// </summary>
public sealed class MpiCommunicator : ICommunicator
{
    // MPICH's and MS-MPI's MPI_IN_PLACE: (void*)-1.
    private static readonly IntPtr InPlace = new(-1);

    private static readonly Lock Gate = new();

    // How long Abort waits between printing its message and aborting.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(300);

    private static MPI.Environment? _environment;

    private readonly CollectiveWatchdog _watchdog;
    private float[] _staging = [];
    private bool _disposed;

    private MpiCommunicator(TimeSpan timeout)
    {
        Rank = MPI.Communicator.world.Rank;
        Size = MPI.Communicator.world.Size;
        _watchdog = new CollectiveWatchdog(timeout, Abort);
    }

    /// <summary>The default bound on one collective: 60 s.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public int Rank { get; }

    /// <inheritdoc />
    public int Size { get; }

    /// <summary>How long a collective may wait for the other ranks before the job is aborted.</summary>
    public TimeSpan Timeout => _watchdog.Timeout;

    /// <summary>
    /// Initialises MPI (once per process; MPI_THREAD_SERIALIZED: any thread may call MPI, one at a time, which the
    /// communication thread of <see cref="OverlappedReduction"/> needs) and returns the world communicator. Throws
    /// <see cref="DllNotFoundException"/> with the install command when MPICH is missing. <paramref name="timeout"/>
    /// bounds every collective (<see cref="DefaultTimeout"/> when null); the environment variable
    /// <c>STRATA_COLLECTIVE_TIMEOUT</c> (seconds) overrides the default.
    /// </summary>
    public static MpiCommunicator World(TimeSpan? timeout = null)
    {
        MpiLibrary.Load();
        lock (Gate)
        {
            if (_environment is null)
            {
                string[] args = [];
                _environment = new MPI.Environment(ref args, MPI.Threading.Serialized);
                Check(MPI_Errhandler_set(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Errhandler_set");
            }
        }

        var fromEnvironment = double.TryParse(
            Environment.GetEnvironmentVariable("STRATA_COLLECTIVE_TIMEOUT"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : (TimeSpan?)null;
        return new MpiCommunicator(timeout ?? fromEnvironment ?? DefaultTimeout);
    }

    /// <summary>
    /// True when MPI granted at least <c>MPI_THREAD_SERIALIZED</c> (MPICH grants it; <see cref="World"/> asks for it): any
    /// thread may then call MPI, one at a time, so the gradient allreduce can run on a communication thread.
    /// </summary>
    public bool SupportsCommunicationThread =>
        MPI.Environment.Threading is MPI.Threading.Serialized or MPI.Threading.Multiple;

    /// <inheritdoc />
    public unsafe void AllreduceSum(IReadOnlyList<Tensor> bucket, float scale)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var total = 0;
        foreach (var tensor in bucket)
        {
            total = checked(total + tensor.Length);
        }

        HostTransfer.EnsureCapacity(ref _staging, total);
        var packed = _staging.AsSpan(0, total);
        var offset = 0;
        foreach (var tensor in bucket)
        {
            var target = packed.Slice(offset, tensor.Length);
            if (tensor.Device.IsGpu)
            {
                HostTransfer.CopyToHost(tensor, target);
            }
            else
            {
                tensor.Span.CopyTo(target);
            }

            Scale(target, scale);
            offset += tensor.Length;
        }

        fixed (float* values = packed)
        {
            using (_watchdog.Enter($"rank {Rank}: the allreduce of a gradient bucket ({total:N0} floats)"))
            {
                Check(MPI_Allreduce(InPlace, (IntPtr)values, total, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
            }
        }

        offset = 0;
        foreach (var tensor in bucket)
        {
            tensor.CopyFrom(packed.Slice(offset, tensor.Length));
            offset += tensor.Length;
        }
    }

    /// <inheritdoc />
    public unsafe void AllreduceSum(Span<double> values)
    {
        fixed (double* pointer = values)
        {
            using (_watchdog.Enter($"rank {Rank}: an allreduce of {values.Length} value(s)"))
            {
                Check(MPI_Allreduce(InPlace, (IntPtr)pointer, values.Length, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
            }
        }
    }

    /// <inheritdoc />
    public unsafe void Broadcast(Tensor tensor, int root)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        HostTransfer.EnsureCapacity(ref _staging, tensor.Length);
        var values = tensor.Device.IsGpu ? _staging.AsSpan(0, tensor.Length) : tensor.Span;
        if (tensor.Device.IsGpu)
        {
            HostTransfer.CopyToHost(tensor, values);
        }

        fixed (float* pointer = values)
        {
            using (_watchdog.Enter($"rank {Rank}: the broadcast of a tensor [{string.Join(", ", tensor.Shape)}] from rank {root}"))
            {
                Check(MPI_Bcast((IntPtr)pointer, values.Length, MPI_FLOAT, root, MPI_COMM_WORLD), "MPI_Bcast");
            }
        }

        if (tensor.Device.IsGpu)
        {
            tensor.CopyFrom(values);
        }
        else
        {
            tensor.MarkChanged();
        }
    }

    /// <inheritdoc />
    public unsafe void Broadcast(Span<double> values, int root)
    {
        fixed (double* pointer = values)
        {
            using (_watchdog.Enter($"rank {Rank}: the broadcast of {values.Length} value(s) from rank {root}"))
            {
                Check(MPI_Bcast((IntPtr)pointer, values.Length, MPI_DOUBLE, root, MPI_COMM_WORLD), "MPI_Bcast");
            }
        }
    }

    /// <inheritdoc />
    public void Abort(string message)
    {
        Console.Out.Flush();
        Console.Error.WriteLine(message);
        Console.Error.Flush();
        // The launcher forwards this rank's stderr asynchronously and kills every rank on the abort: on a loaded
        // machine the message was sometimes lost. A moment's pause lets it through first.
        Thread.Sleep(AbortGrace);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }

    /// <summary>Stops the watchdog and finalises MPI (every rank must get here; MPI cannot be initialised again afterwards).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _watchdog.Dispose();
        lock (Gate)
        {
            _environment?.Dispose();
        }
    }

    private static void Scale(Span<float> values, float scale)
    {
        if (scale == 1)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }
    }

    private static void Check(int code, string operation)
    {
        if (code != 0)
        {
            throw new IOException($"{operation} failed with MPI error {code}: {MPI.Environment.TranslateErrorIntoException(code).Message}");
        }
    }
}
