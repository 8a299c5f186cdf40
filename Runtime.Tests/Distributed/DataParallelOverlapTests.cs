using System.Diagnostics;
using System.Globalization;
using Strata.Distributed;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.Distributed;

/// <summary>
/// The allreduce overlaps backward on 2 MPI ranks: LeNet trained for 10 steps in 16 KiB buckets (5 buckets) records the
/// events of each rank's reduction: each layer reported ready by backward, each bucket's allreduce started and finished on
/// the communication thread, backward returned. The events are numbered in the order they happened across both threads,
/// so the proof is an order, not a timing: some bucket's allreduce began before the backward of the first layer (C1, the
/// last backward reaches) finished. The same run with STRATA_OVERLAP=0 records nothing and ends with the same bits.
/// </summary>
public sealed class DataParallelOverlapTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-overlap-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Buckets_are_reduced_while_backward_still_runs_in_order_on_every_rank_with_the_bits_of_no_overlap()
    {
        var clock = Stopwatch.StartNew();
        var weights = Path.Combine(_directory, "overlap.safetensors");
        var events = Path.Combine(_directory, "events.txt");
        var plainWeights = Path.Combine(_directory, "plain.safetensors");
        var plainEvents = Path.Combine(_directory, "plain-events.txt");
        output.WriteLine(MpiLaunch.Run(Timeout, 2, "overlap", weights, events));
        output.WriteLine(MpiLaunch.Run(Timeout, 2, new Dictionary<string, string> { ["STRATA_OVERLAP"] = "0" }, "overlap", plainWeights, plainEvents));
        output.WriteLine($"two runs: {clock.Elapsed.TotalSeconds:F1} s");

        for (var rank = 0; rank < 2; rank++)
        {
            var steps = Steps(File.ReadAllLines($"{events}.rank{rank}"));
            Assert.Equal(10, steps.Count);
            var buckets = steps[0].Where(e => e.Kind == GradientEventKind.AllreduceStarted).Max(e => e.Index) + 1;
            Assert.Equal(5, buckets);
            var overlapped = 0;
            foreach (var step in steps)
            {
                // Backward reports LeNet's layers from the output back: Out, F6, F5, C3, C1 (first parameters 8, 6, 4, 2, 0).
                Assert.Equal([8, 6, 4, 2, 0], step.Where(e => e.Kind == GradientEventKind.LayerReady).Select(e => e.Index));
                Assert.Equal(Enumerable.Range(0, buckets), step.Where(e => e.Kind == GradientEventKind.AllreduceStarted).Select(e => e.Index));
                Assert.Equal(Enumerable.Range(0, buckets), step.Where(e => e.Kind == GradientEventKind.AllreduceFinished).Select(e => e.Index));
                Assert.Single(step, e => e.Kind == GradientEventKind.BackwardFinished);

                var firstLayerDone = step.Single(e => e.Kind == GradientEventKind.LayerReady && e.Index == 0).Sequence;
                if (step.Any(e => e.Kind == GradientEventKind.AllreduceStarted && e.Sequence < firstLayerDone))
                {
                    overlapped++;
                }
            }

            output.WriteLine($"rank {rank}: {overlapped} of {steps.Count} steps started an allreduce before C1's backward finished");
            Assert.True(overlapped > 0, $"Rank {rank} started no bucket's allreduce before backward finished, in any of the {steps.Count} steps.");

            // Without overlap: no reduction runs on another thread, and the weights are the same to the bit.
            Assert.Empty(File.ReadAllLines($"{plainEvents}.rank{rank}"));
            var expected = Weights.Read($"{plainWeights}.rank{rank}");
            var actual = Weights.Read($"{weights}.rank{rank}");
            foreach (var (name, values) in expected)
            {
                Assert.True(actual[name].AsSpan().SequenceEqual(values), $"{name} differs on rank {rank} between overlap and none.");
            }
        }
    }

    /// <summary>The events split into steps: a step starts with the first layer report after the previous step's backward returned.</summary>
    private static List<List<GradientEvent>> Steps(string[] lines)
    {
        var steps = new List<List<GradientEvent>>();
        var returned = true;
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            var e = new GradientEvent(
                Enum.Parse<GradientEventKind>(fields[0]),
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[2], CultureInfo.InvariantCulture));
            if (e.Kind == GradientEventKind.LayerReady && returned)
            {
                steps.Add([]);
                returned = false;
            }

            returned |= e.Kind == GradientEventKind.BackwardFinished;
            steps[^1].Add(e);
        }

        return steps;
    }
}
