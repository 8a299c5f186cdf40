using System.Globalization;

namespace Strata.Distributed;

/// <summary>
/// Data-parallel training over a group of processes, each holding a replica of the model: the option
/// <see cref="Training.Trainer.Distributed"/> takes. The trainer calls it to
/// <list type="bullet">
/// <item>check that every rank runs the same configuration and broadcast rank 0's initial weights and buffers
/// (<see cref="Start"/>);</item>
/// <item>take each rank's shard of a global batch (<see cref="Shard"/>, <see cref="DistributedSampler"/>);</item>
/// <item>average the gradients (<see cref="BeginBackward"/> before backward, <see cref="AverageGradients"/> after it): an
/// allreduce per bucket of at most <see cref="GradientBuckets.BucketBytes"/>, in the order backward produces them. With
/// <see cref="Overlap"/> (the default) each bucket is handed to a communication thread as soon as backward reports its
/// gradients final (<see cref="IModel.GradientReadyListener"/>, <see cref="OverlappedReduction"/>), so its allreduce runs
/// while backward goes on; <see cref="AverageGradients"/> waits for the rest. Without it, for a GPU model, a
/// communicator that allows no second thread (NCCL) or a model that does not report, the buckets are reduced one after
/// the other once backward has returned;</item>
/// <item>sum the epoch's loss and accuracy counts (<see cref="Sum"/>), so every rank reports, and early stopping decides
/// on, the same numbers;</item>
/// <item>make BatchNorm's running statistics consistent at the end of every epoch (<see cref="SynchronizeBuffers"/>): the
/// float buffers (running mean and variance) are replaced by their mean over ranks, the integer ones
/// (<c>num_batches_tracked</c>) by rank 0's.</item>
/// </list>
/// With the same gradients on every rank the optimiser's steps are the same everywhere, so the replicas stay equal.
/// Only the root (rank 0) prints, plots and writes checkpoints (<see cref="IsRoot"/>).
/// </summary>
public sealed class DataParallel : IDisposable
{
    private GradientBuckets? _buckets;
    private IModel? _bucketsModel;
    private bool _plannedOverlap;
    private OverlappedReduction? _reduction;
    private float? _armedWeight;

    /// <summary>Trains over <paramref name="communicator"/>, which this object owns and disposes.</summary>
    public DataParallel(ICommunicator communicator, long bucketBytes = GradientBuckets.DefaultBucketBytes)
    {
        Communicator = communicator ?? throw new ArgumentNullException(nameof(communicator));
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, sizeof(float));
        BucketBytes = bucketBytes;
    }

    /// <summary>
    /// Data-parallel training over MPI's world (<see cref="MpiCommunicator.World"/>): start the program with
    /// <c>mpiexec.mpich -n N</c>. Throws <see cref="DllNotFoundException"/> with the install command when MPICH is missing.
    /// <paramref name="bucketBytes"/> caps a gradient bucket; when null, the environment variable
    /// <c>STRATA_BUCKET_MB</c> (megabytes, as DDP's <c>bucket_cap_mb</c>) or else 25 MiB.
    /// </summary>
    public static DataParallel Mpi(TimeSpan? timeout = null, long? bucketBytes = null)
    {
        var fromEnvironment = double.TryParse(
            Environment.GetEnvironmentVariable("STRATA_BUCKET_MB"), NumberStyles.Float, CultureInfo.InvariantCulture, out var megabytes)
            && megabytes > 0
            ? (long)(megabytes * (1 << 20))
            : (long?)null;
        return new(MpiCommunicator.World(timeout), Math.Max(sizeof(float), bucketBytes ?? fromEnvironment ?? GradientBuckets.DefaultBucketBytes));
    }

    /// <summary>
    /// Data-parallel training of a CUDA model with NCCL (<see cref="NcclCommunicator"/>), one process per GPU, bootstrapped
    /// over MPI's world: start with <c>mpiexec.mpich -n GPUS</c> and build the model on <c>Device.Cuda(DataParallel.LocalRank)</c>.
    /// Not tested on a GPU yet (see docs/distributed.md).
    /// </summary>
    public static DataParallel Nccl(Device device, TimeSpan? timeout = null)
    {
        var host = MpiCommunicator.World(timeout);
        try
        {
            return new DataParallel(NcclCommunicator.Create(host, device));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// This process's index among the ranks on its machine, from the launcher's environment (MPICH's
    /// <c>MPI_LOCALRANKID</c>, Open MPI's <c>OMPI_COMM_WORLD_LOCAL_RANK</c>, Slurm's <c>SLURM_LOCALID</c>); 0 when none is
    /// set. The GPU a rank uses when there is one per process.
    /// </summary>
    public static int LocalRank =>
        new[] { "MPI_LOCALRANKID", "OMPI_COMM_WORLD_LOCAL_RANK", "SLURM_LOCALID" }
            .Select(Environment.GetEnvironmentVariable)
            .Select(value => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : (int?)null)
            .FirstOrDefault(rank => rank is not null) ?? 0;

    /// <summary>
    /// Whether the gradient allreduce overlaps backward (see <see cref="OverlappedReduction"/>); true unless the environment
    /// variable <c>STRATA_OVERLAP</c> is <c>0</c>. When false, the buckets are reduced after backward returns. Applies
    /// to CPU models over a communicator that allows a communication thread (MPI); GPU models always reduce after backward.
    /// </summary>
    public bool Overlap { get; set; } = Environment.GetEnvironmentVariable("STRATA_OVERLAP") != "0";

    /// <summary>Called with each event of an overlapped reduction (layer ready, bucket started and finished); null for none.</summary>
    public Action<GradientEvent>? Events { get; set; }

    /// <summary>
    /// How many gradient buckets backward's reports handed to the communication thread in the last step, before it
    /// returned (the last of them as it ends); 0 when the step did not overlap.
    /// </summary>
    public int OverlappedBuckets { get; private set; }

    /// <summary>The group of processes.</summary>
    public ICommunicator Communicator { get; }

    /// <summary>The cap on one gradient bucket.</summary>
    public long BucketBytes { get; }

    /// <summary>This process's rank.</summary>
    public int Rank => Communicator.Rank;

    /// <summary>The number of processes.</summary>
    public int Size => Communicator.Size;

    /// <summary>Whether this is rank 0, the one that prints, plots and writes checkpoints.</summary>
    public bool IsRoot => Communicator.Rank == 0;

    /// <summary>This rank's shard of a global batch of <paramref name="globalCount"/> samples.</summary>
    public ShardRange Shard(int globalCount) => DistributedSampler.Shard(globalCount, Rank, Size);

    /// <summary>
    /// Checks that every rank passes the same <paramref name="settings"/> (named by <paramref name="names"/>: sizes, seed,
    /// parameter count) and throws <see cref="ArgumentException"/> on every rank when one differs; then copies rank 0's
    /// parameters and buffers to the others.
    /// </summary>
    public void Start(IModel model, IReadOnlyList<string> names, IReadOnlyList<long> settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        CancelReduction();
        var values = new double[settings.Count + 2];
        for (var i = 0; i < settings.Count; i++)
        {
            values[i] = settings[i];
        }

        values[^2] = model.Parameters.Count;
        values[^1] = model.Parameters.Sum(p => (long)p.Value.Length);
        var mine = (double[])values.Clone();
        Communicator.Broadcast(values, root: 0);
        var differs = new double[1];
        var first = -1;
        for (var i = 0; i < mine.Length; i++)
        {
            if (mine[i] != values[i])
            {
                differs[0] = 1;
                first = i;
                break;
            }
        }

        Communicator.AllreduceSum(differs);
        if (differs[0] > 0)
        {
            var name = first < 0 ? "the same settings" : first < names.Count ? names[first] : first == names.Count ? "parameter count" : "parameter size";
            throw new ArgumentException(first < 0
                ? $"Rank {Rank}: another rank runs with different settings ({differs[0]} rank(s) differ from rank 0); every rank must train the same model on the same data."
                : string.Create(CultureInfo.InvariantCulture,
                    $"Rank {Rank} has {name} {mine[first]}, rank 0 has {values[first]}; every rank must train the same model on the same data with the same settings."));
        }

        using (WeightUpdate.Begin(model.Parameters, "DataParallel.Start"))
        {
            foreach (var parameter in model.Parameters)
            {
                Communicator.Broadcast(parameter.Value, root: 0);
            }
        }

        foreach (var buffer in model.Buffers)
        {
            if (buffer.IsInt64)
            {
                BroadcastInt64(buffer.Int64Values);
            }
            else
            {
                Communicator.Broadcast(buffer.Value, root: 0);
            }
        }
    }

    /// <summary>
    /// Prepares the averaging of the gradients that the next <see cref="IModel.Backward"/> of <paramref name="model"/>
    /// computes (from this rank's <paramref name="localCount"/> samples of a global batch of
    /// <paramref name="globalCount"/>): with <see cref="Overlap"/>, each bucket's allreduce then starts as soon as backward
    /// has finished its gradients. Call it before backward (the trainer calls it before each step) and
    /// <see cref="AverageGradients"/> with the same counts after it; make no other call of this object in between, and
    /// neither read nor write the gradients: buckets are being reduced in place, some already before backward returns.
    /// </summary>
    public void BeginBackward(IModel model, int localCount, int globalCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(globalCount, 1);
        CancelReduction();
        Plan(model);
        OverlappedBuckets = 0;
        var weight = (float)localCount / globalCount;
        if (_reduction is not null)
        {
            _reduction.Events = Events;
            _reduction.Begin(weight);
        }

        _armedWeight = weight;
    }

    /// <summary>
    /// Replaces every trainable parameter's gradient (the mean over this rank's <paramref name="localCount"/> samples)
    /// with the mean over the whole global batch of <paramref name="globalCount"/> samples. A rank with no samples must
    /// have cleared its gradients. After <see cref="BeginBackward"/> it hands over the buckets backward has not yet
    /// reported and waits for all of them; otherwise it reduces every bucket now.
    /// </summary>
    public void AverageGradients(IModel model, int localCount, int globalCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(globalCount, 1);
        var weight = (float)localCount / globalCount;
        if (_armedWeight is { } armed)
        {
            if (!ReferenceEquals(model, _bucketsModel) || armed != weight)
            {
                CancelReduction();
                throw new InvalidOperationException(
                    "AverageGradients must follow BeginBackward for the same model and the same sample counts.");
            }

            _armedWeight = null;
            if (_reduction is not null)
            {
                _reduction.Finish();
                OverlappedBuckets = _reduction.HandedOverEarly;
                return;
            }
        }

        Plan(model);
        _buckets!.Reduce(Communicator, weight);
    }

    /// <summary>
    /// The buckets of <paramref name="model"/>, planned again when the model, its frozen parameters or
    /// <see cref="Overlap"/> changed; and, when overlapping, the reduction that listens to its backward.
    /// </summary>
    private void Plan(IModel model)
    {
        var overlap = Overlap && Communicator.SupportsCommunicationThread && !model.Device.IsGpu;
        if (_buckets is not null && ReferenceEquals(_bucketsModel, model) && _plannedOverlap == overlap && _buckets.Fits(model.Parameters))
        {
            return;
        }

        ReleaseReduction();
        _buckets = new GradientBuckets(model.Parameters, BucketBytes);
        _bucketsModel = model;
        _plannedOverlap = overlap;
        if (!overlap)
        {
            return;
        }

        var reduction = new OverlappedReduction(_buckets, Communicator);
        try
        {
            model.GradientReadyListener = reduction;
            _reduction = reduction;
        }
        catch (NotSupportedException)
        {
            // A model written by hand that does not report its gradients: its buckets are reduced after its backward.
            reduction.Dispose();
        }
    }

    private void ReleaseReduction()
    {
        CancelReduction();
        if (_reduction is null)
        {
            return;
        }

        if (_bucketsModel is not null && ReferenceEquals(_bucketsModel.GradientReadyListener, _reduction))
        {
            _bucketsModel.GradientReadyListener = null;
        }

        _reduction.Dispose();
        _reduction = null;
    }

    /// <summary>Ends a reduction whose step never reached <see cref="AverageGradients"/> (its backward threw).</summary>
    private void CancelReduction()
    {
        if (_armedWeight is not null)
        {
            _armedWeight = null;
            _reduction?.Cancel();
        }
    }

    private void ThrowIfReducing()
    {
        if (_armedWeight is not null)
        {
            throw new InvalidOperationException(
                "A gradient reduction is under way (BeginBackward without AverageGradients); no other collective may run until it ends.");
        }
    }

    /// <summary>Replaces <paramref name="values"/> with their sums over ranks.</summary>
    public void Sum(Span<double> values)
    {
        ThrowIfReducing();
        Communicator.AllreduceSum(values);
    }

    /// <summary>
    /// Makes the model's buffers the same on every rank: float ones (BatchNorm's running mean and variance) become their
    /// mean over ranks, int64 ones (<c>num_batches_tracked</c>) rank 0's. The trainer calls it after every epoch, before
    /// the evaluation and the checkpoint.
    /// </summary>
    public void SynchronizeBuffers(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ThrowIfReducing();
        var floats = model.Buffers.Where(b => !b.IsInt64).Select(b => b.Value).ToArray();
        if (floats.Length > 0)
        {
            Communicator.AllreduceSum(floats, 1f / Size);
        }

        foreach (var buffer in model.Buffers.Where(b => b.IsInt64))
        {
            BroadcastInt64(buffer.Int64Values);
        }
    }

    /// <summary>
    /// Ends the whole job because this rank failed with <paramref name="error"/>: prints it, prefixed with the rank, and
    /// aborts every rank, so none waits for this one. Does not return.
    /// </summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Communicator.Abort($"rank {Rank} of {Size} failed, stopping every rank: {error}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ReleaseReduction();
        Communicator.Dispose();
    }

    private void BroadcastInt64(long[] values)
    {
        // Counters, exact as doubles up to 2^53.
        var copy = values.Select(v => (double)v).ToArray();
        Communicator.Broadcast(copy, root: 0);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (long)copy[i];
        }
    }
}
