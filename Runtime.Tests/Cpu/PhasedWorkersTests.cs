using Strata.Cpu;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>The recurrent time loops' scheduler: phase order, every item once, failures that end the run.</summary>
public class PhasedWorkersTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(64)] // more workers than the pool starts at once: the started ones run the others' shares
    public async Task Every_item_runs_once_and_only_after_every_item_of_the_phase_before(int workers)
    {
        var work = new RecordingWork(phases: 300, items: 7);

        await Task.Run(() => RunOn(work, workers)).WaitAsync(Patience);

        Assert.Equal(0, work.EarlyStarts);
        Assert.All(work.Runs, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_failing_item_fails_the_run_instead_of_leaving_the_other_workers_waiting()
    {
        var work = new RecordingWork(phases: 50, items: 4, failAt: (10, 3));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => RunOn(work, 2)).WaitAsync(Patience));

        Assert.Equal("item 3 of phase 10", failure.Message);
    }

    [Fact]
    public void The_worker_count_follows_the_work_per_phase()
    {
        Assert.Equal(1, PhasedWorkers.Count(flopsPerPhase: 1000, items: 8));
        Assert.Equal(Math.Min(Environment.ProcessorCount, 8), PhasedWorkers.Count(flopsPerPhase: 1L << 24, items: 8));
        Assert.Equal(1, PhasedWorkers.Count(flopsPerPhase: 1L << 24, items: 1));
    }

    private static void RunOn(RecordingWork work, int workers)
    {
        var shim = new WorkShim(work);
        PhasedWorkers.Run(ref shim, workers);
    }

    /// <summary>The struct PhasedWorkers runs, forwarding to a recording class.</summary>
    private readonly struct WorkShim(RecordingWork inner) : IPhasedWork
    {
        public int Phases => inner.Phases;

        public int Items(int phase) => inner.Items(phase);

        public void Run(int phase, int item) => inner.Run(phase, item);
    }

    /// <summary>Counts each item's runs and the items that started before the phase before had finished.</summary>
    private sealed class RecordingWork(int phases, int items, (int Phase, int Item)? failAt = null) : IPhasedWork
    {
        private int _earlyStarts;

        public int[] Runs { get; } = new int[phases * items];

        public int EarlyStarts => Volatile.Read(ref _earlyStarts);

        public int Phases => phases;

        public int Items(int phase) => items;

        public void Run(int phase, int item)
        {
            if (failAt == (phase, item))
            {
                throw new InvalidOperationException($"item {item} of phase {phase}");
            }

            for (var before = 0; phase > 0 && before < items; before++)
            {
                if (Volatile.Read(ref Runs[(phase - 1) * items + before]) == 0)
                {
                    Interlocked.Increment(ref _earlyStarts);
                }
            }

            // Uneven items, so the workers drift apart and steal from each other.
            Thread.SpinWait(50 * ((phase * 7 + item * 13) % 11));
            Interlocked.Increment(ref Runs[phase * items + item]);
        }
    }
}
