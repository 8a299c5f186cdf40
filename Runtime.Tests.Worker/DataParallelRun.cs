using System.Globalization;
using Strata.Data;
using Strata.Distributed;
using Strata.IO;
using Strata.Training;

namespace Strata.Runtime.Tests.Worker;

/// <summary>
/// The worker's data-parallel commands, run under <c>mpiexec.mpich -n N</c> by Runtime.Tests/Distributed (or alone, as the
/// one-process reference).
/// </summary>
internal static class DataParallelRun
{
    /// <summary>
    /// lenet WEIGHTS SAMPLES EPOCHS MODE OPTIMIZER CHECKPOINT RESUME: trains LeNet (seed 7) on SAMPLES synthetic digits for
    /// EPOCHS epochs at global batch 64 (shuffle seed 13), MODE "single" in this process alone or "mpi" data-parallel over
    /// MPI's world; OPTIMIZER "sgd" (rate 0.1, momentum 0.9) or "adam"; CHECKPOINT and RESUME a path or "-". Rank 0 saves the weights
    /// to WEIGHTS, rank r &gt; 0 to WEIGHTS.rank{r}.
    /// </summary>
    public static int Train(string weights, int samples, int epochs, string mode, string optimizerName, string checkpoint, string resume)
    {
        using var parallel = mode == "mpi" ? DataParallel.Mpi() : null;
        var train = SyntheticDigits.Generate(samples, seed: 5);
        var model = new LeNet(Device.Cpu(), seed: 7);
        IResumableOptimizer optimizer = optimizerName == "adam"
            ? new Adam(model.Parameters, learningRate: 2e-3f)
            : new Sgd(model.Parameters, learningRate: 0.1f, momentum: 0.9f);
        using (var trainer = new Trainer(model, optimizer)
        {
            Output = null,
            Distributed = parallel,
            CheckpointPath = checkpoint == "-" ? null : checkpoint,
        })
        {
            var history = trainer.Fit(train, epochs, batchSize: 64, seed: 13, resumeFrom: resume == "-" ? null : resume);
            var last = history.Epochs[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rank {parallel?.Rank ?? 0} of {parallel?.Size ?? 1}: loss {last.Loss:R} train accuracy {last.TrainAccuracy:R}"));
        }

        ModelState.Save(model, parallel is { Rank: > 0 } ? $"{weights}.rank{parallel.Rank}" : weights);
        return 0;
    }

    /// <summary>
    /// bn WEIGHTS MODE: trains BnNet (seed 3, its conv frozen) for one epoch of 640 synthetic digits at global batch 64 with SGD, MODE
    /// "single" or "mpi"; rank 0 saves the weights and buffers to WEIGHTS, rank r &gt; 0 to WEIGHTS.rank{r}.
    /// </summary>
    public static int TrainBatchNorm(string weights, string mode)
    {
        using var parallel = mode == "mpi" ? DataParallel.Mpi() : null;
        var train = SyntheticDigits.Generate(640, seed: 5);
        var model = new BnNet(Device.Cpu(), seed: 3);

        // A frozen conv feeds BatchNorm the same values in every run, so its batch means depend on the data alone.
        model.Freeze(nameof(BnNet.C1));
        using (var trainer = new Trainer(model, new Sgd(model.Parameters, learningRate: 0.05f)) { Output = null, Distributed = parallel })
        {
            trainer.Fit(train, epochs: 1, batchSize: 64, seed: 13);
        }

        ModelState.Save(model, parallel is { Rank: > 0 } ? $"{weights}.rank{parallel.Rank}" : weights);
        return 0;
    }

    /// <summary>
    /// overlap WEIGHTS EVENTS: trains LeNet (seed 7) for one epoch of 640 synthetic digits (10 steps at global batch 64,
    /// shuffle seed 13) with SGD, data-parallel over MPI's world in buckets of 16 KiB (5 for LeNet), overlapping the
    /// allreduce with backward unless STRATA_OVERLAP=0. Rank r writes its weights to WEIGHTS.rank{r} and the events of its
    /// overlapped reduction (<see cref="GradientEvent"/>, one "Kind Index Sequence" line each, in sequence order) to
    /// EVENTS.rank{r}.
    /// </summary>
    public static int TrainOverlapped(string weights, string events)
    {
        using var parallel = new DataParallel(MpiCommunicator.World(), bucketBytes: 16 << 10);
        var log = new System.Collections.Concurrent.ConcurrentQueue<GradientEvent>();
        parallel.Events = log.Enqueue;
        var train = SyntheticDigits.Generate(640, seed: 5);
        var model = new LeNet(Device.Cpu(), seed: 7);
        using (var trainer = new Trainer(model, new Sgd(model.Parameters, learningRate: 0.1f, momentum: 0.9f)) { Output = null, Distributed = parallel })
        {
            trainer.Fit(train, epochs: 1, batchSize: 64, seed: 13);
        }

        ModelState.Save(model, $"{weights}.rank{parallel.Rank}");
        File.WriteAllLines(
            $"{events}.rank{parallel.Rank}",
            log.OrderBy(e => e.Sequence).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Kind} {e.Index} {e.Sequence}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rank {parallel.Rank} of {parallel.Size}: overlap {parallel.Overlap}, {parallel.OverlappedBuckets} bucket(s) handed over by backward's reports in the last step"));
        return 0;
    }

    /// <summary>
    /// forever: data-parallel LeNet training that does not end (a million epochs of 8,000 synthetic digits); each rank
    /// prints "rank R pid P training" first, so a test can kill one of them mid-epoch.
    /// </summary>
    /// <para>With <paramref name="throwingRank"/>, that rank's optimiser throws at its 5th step.</para>
    public static int Forever(int? throwingRank)
    {
        using var parallel = DataParallel.Mpi();
        var train = SyntheticDigits.Generate(8_000, seed: 5);
        var model = new LeNet(Device.Cpu(), seed: 7);
        IOptimizer optimizer = new Sgd(model.Parameters, learningRate: 0.01f);
        if (parallel.Rank == throwingRank)
        {
            optimizer = new ThrowingOptimizer(optimizer, failAt: 5);
        }

        using var trainer = new Trainer(model, optimizer) { Output = null, Distributed = parallel };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rank {parallel.Rank} pid {Environment.ProcessId} training"));
        Console.Out.Flush();
        trainer.Fit(train, epochs: 1_000_000, batchSize: 64, seed: 13, showProgress: false);
        return 0;
    }

    /// <summary>An optimiser that throws at one step, to fail one rank.</summary>
    private sealed class ThrowingOptimizer(IOptimizer inner, int failAt) : IOptimizer
    {
        private int _steps;

        public float LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }

        public void Step()
        {
            if (++_steps == failAt)
            {
                throw new InvalidOperationException($"a deliberate failure at step {failAt}");
            }

            inner.Step();
        }
    }
}
