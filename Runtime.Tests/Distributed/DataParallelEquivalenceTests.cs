using System.Diagnostics;
using Strata.IO;
using Strata.Runtime.Tests.Worker;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>
/// The issue's equivalence: LeNet trained for 20 steps on 2 MPI ranks (global batch 64, 32 per rank) ends with the weights
/// one process reaches with batch 64 from the same seed, within 1e-5 relative; and a checkpoint rank 0 writes resumes in a
/// single process, as if the whole run had been one.
/// </summary>
public sealed class DataParallelEquivalenceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-dp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Twenty_steps_on_two_ranks_of_32_equal_twenty_steps_of_64_in_one_process()
    {
        var clock = Stopwatch.StartNew();
        var single = Path.Combine(_directory, "single.safetensors");
        var parallel = Path.Combine(_directory, "parallel.safetensors");

        // 1,280 samples at batch 64: one epoch of 20 steps. SGD with momentum, whose steps are linear in the gradient.
        WorkerProcess.Run(Timeout, "lenet", single, "1280", "1", "single", "sgd", "-", "-");
        var said = MpiLaunch.Run(Timeout, 2, "lenet", parallel, "1280", "1", "mpi", "sgd", "-", "-");
        output.WriteLine($"{said}two runs: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("rank 0 of 2", said);
        Assert.Contains("rank 1 of 2", said);

        var expected = Weights.Read(single);
        var actual = Weights.Read(parallel);
        var rank1 = Weights.Read(parallel + ".rank1");
        var initial = ModelState.ToSafeTensors(new LeNet(Device.Cpu(), seed: 7)).Tensors;
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
        {
            var difference = Weights.RelativeDifference(actual[name], values);
            output.WriteLine($"{name}: {difference:E2} relative");
            Assert.True(difference <= 1e-5, $"{name} differs by {difference:E2} relative between 2 ranks and 1 process.");

            // The replicas are the same to the bit: the same averaged gradients, the same optimiser steps.
            Assert.True(rank1[name].AsSpan().SequenceEqual(actual[name]), $"{name} differs between rank 0 and rank 1.");

            // Training moved every tensor, so the agreement above is not that of two untouched initialisations.
            Assert.True(
                Weights.RelativeDifference(values, initial[name].ToSingles()) > 1e-3,
                $"{name} hardly moved in 20 steps, so this comparison would say little.");
        }
    }

    [Fact]
    public void A_checkpoint_written_by_rank_0_of_two_resumes_in_one_process_as_one_uninterrupted_run()
    {
        var checkpoint = Path.Combine(_directory, "run.ckpt.safetensors");
        var straight = Path.Combine(_directory, "straight.safetensors");
        var half = Path.Combine(_directory, "half.safetensors");
        var resumed = Path.Combine(_directory, "resumed.safetensors");

        // 640 samples: 10 steps an epoch. Epoch 1 on 2 ranks writes the checkpoint; epoch 2 runs in one process from it.
        WorkerProcess.Run(Timeout, "lenet", straight, "640", "2", "single", "sgd", "-", "-");
        MpiLaunch.Run(Timeout, 2, "lenet", half, "640", "1", "mpi", "sgd", checkpoint, "-");
        Assert.Equal(1, Checkpoint.Read(checkpoint).Epoch);
        WorkerProcess.Run(Timeout, "lenet", resumed, "640", "2", "single", "sgd", checkpoint, checkpoint);

        var expected = Weights.Read(straight);
        var actual = Weights.Read(resumed);
        var afterOne = Weights.Read(half);
        foreach (var (name, values) in expected)
        {
            var difference = Weights.RelativeDifference(actual[name], values);
            Assert.True(difference <= 1e-5, $"{name} differs by {difference:E2} relative after resuming on another number of ranks.");
        }

        Assert.Contains(expected, e => Weights.RelativeDifference(afterOne[e.Key], e.Value) > 1e-3);
        Assert.Equal(2, Checkpoint.Read(checkpoint).Epoch);
    }

    [Fact]
    public void BatchNorm_running_statistics_end_the_same_on_every_rank_and_the_running_mean_equals_one_process_s()
    {
        var single = Path.Combine(_directory, "bn-single.safetensors");
        var parallel = Path.Combine(_directory, "bn-parallel.safetensors");
        WorkerProcess.Run(Timeout, "bn", single, "single");
        MpiLaunch.Run(Timeout, 2, "bn", parallel, "mpi");

        var expected = Weights.Read(single);
        var rank0 = SafeTensorsFile.Read(parallel).Tensors;
        var rank1 = SafeTensorsFile.Read(parallel + ".rank1").Tensors;
        foreach (var name in new[] { "Bn.running_mean", "Bn.running_var", "Bn.num_batches_tracked" })
        {
            Assert.True(rank0[name].Data.Span.SequenceEqual(rank1[name].Data.Span), $"{name} differs between rank 0 and rank 1.");
        }

        Assert.Equal(10, rank0["Bn.num_batches_tracked"].ToInt64s()[0]);

        // The running mean is linear in the batch means, and equal shards' means average to the batch's, so (with the conv
        // before it frozen, so that its input is the same in both runs) the ranks' averaged running means are one process's. (The running variance is not: each rank's leaves out the spread
        // between the two halves' means, so it is only close.)
        var mean = rank0["Bn.running_mean"].ToSingles();
        Assert.True(Weights.RelativeDifference(mean, expected["Bn.running_mean"]) <= 1e-5, "The running means differ from one process's.");
        Assert.True(mean.Any(v => Math.Abs(v) > 1e-3), "The running mean did not move from 0.");
        var variance = rank0["Bn.running_var"].ToSingles();
        Assert.True(Weights.RelativeDifference(variance, expected["Bn.running_var"]) <= 0.1, "The running variances are far from one process's.");
        output.WriteLine($"running_var: {Weights.RelativeDifference(variance, expected["Bn.running_var"]):E2} relative to one process's");
    }
}
