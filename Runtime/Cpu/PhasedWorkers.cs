using System.Diagnostics;

namespace Strata.Cpu;

/// <summary>
/// Runs the phases of an <see cref="IPhasedWork"/> in order on the calling thread and pool threads that stay for the
/// whole run, so a recurrent layer forks and joins once per call instead of once or twice per time step. Between
/// phases the workers spin briefly (a step takes tens of microseconds) rather than block.
/// </summary>
/// <remarks>
/// Worker w runs the items of its own share of each phase (the w-th of <c>workers</c> contiguous ranges), so the same
/// worker runs the same items every step and keeps their weights in its core's cache. Letting an idle worker take what
/// is left of a busy one's share at once made the LSTM benchmark's time loop about 15% slower: each stolen item's
/// weights move to the other core, the item then runs slower at its owner, and the owner falls behind again. So a
/// worker takes others' items only from workers that have not started (the pool may start one late, or not before the
/// others finish) and from workers that have made it wait for tens of microseconds (on a loaded machine the operating
/// system deschedules threads for milliseconds). Items are claimed, not assigned, so the run never waits on a thread
/// that is not there.
/// </remarks>
internal static class PhasedWorkers
{
    // Below about a megaflop per phase, handing items between cores costs more than it saves (as in Gemm).
    private const long ParallelFlopThreshold = 1L << 20;

    // An LSTM item takes about ten microseconds and a step a few tens. Waits shorter than an item are spun out: a
    // yield is a system call, which in a virtual machine costs microseconds and delays the next step. A worker that
    // keeps the others waiting for several items is not merely slower but descheduled.
    private static readonly long SpinTicks = Stopwatch.Frequency / 50_000;
    private static readonly long PatienceTicks = Stopwatch.Frequency / 20_000;

    /// <summary>How many workers suit phases of <paramref name="items"/> items and this much arithmetic each.</summary>
    public static int Count(long flopsPerPhase, int items) =>
        flopsPerPhase < ParallelFlopThreshold ? 1 : Math.Clamp(Environment.ProcessorCount, 1, items);

    /// <summary>Runs every phase on up to <paramref name="workers"/> threads; one worker runs all on the calling thread.</summary>
    public static void Run(IPhasedWork work, int workers)
    {
        var phases = work.Phases;
        if (workers <= 1)
        {
            for (var phase = 0; phase < phases; phase++)
            {
                for (var item = 0; item < work.Items(phase); item++)
                {
                    work.Run(phase, item);
                }
            }

            return;
        }

        Parallel.For(0, workers, new Schedule(work, phases, workers).Work);
    }

    private sealed class Schedule(IPhasedWork work, int phases, int workers)
    {
        private readonly int[] _claimed = new int[phases * workers];
        private readonly int[] _finished = new int[phases];
        private readonly int[] _started = new int[workers];
        private volatile bool _failed;

        public void Work(int worker)
        {
            Volatile.Write(ref _started[worker], 1);
            try
            {
                for (var phase = 0; phase < phases; phase++)
                {
                    if (phase > 0 && !WaitForPhase(phase - 1))
                    {
                        return;
                    }

                    RunShare(phase, worker);
                    for (var offset = 1; offset < workers; offset++)
                    {
                        var owner = (worker + offset) % workers;
                        if (Volatile.Read(ref _started[owner]) == 0)
                        {
                            RunShare(phase, owner);
                        }
                    }
                }
            }
            catch
            {
                // The other workers would otherwise wait for this one's items forever.
                _failed = true;
                throw;
            }
        }

        /// <summary>Runs the unclaimed items of an owner's share of a phase.</summary>
        private void RunShare(int phase, int owner)
        {
            while (TryRunOne(phase, owner))
            {
            }
        }

        private bool TryRunOne(int phase, int owner)
        {
            var items = work.Items(phase);
            var (start, end) = (owner * items / workers, (owner + 1) * items / workers);
            ref var claimed = ref _claimed[phase * workers + owner];

            // Read before claiming: a waiting worker polls exhausted shares, and a failed increment there would both
            // write to the owner's cache line and let the counter grow without bound.
            if (Volatile.Read(ref claimed) >= end - start)
            {
                return false;
            }

            var item = start + Interlocked.Increment(ref claimed) - 1;
            if (item >= end)
            {
                return false;
            }

            work.Run(phase, item);
            Interlocked.Increment(ref _finished[phase]);
            return true;
        }

        /// <summary>
        /// Waits until every item of the phase has finished: spins for <see cref="SpinTicks"/>, then yields (never
        /// sleeps) between checks, and after <see cref="PatienceTicks"/> also runs items that other workers have not
        /// claimed yet. False when a worker failed.
        /// </summary>
        private bool WaitForPhase(int phase)
        {
            var items = work.Items(phase);
            var spinner = default(SpinWait);
            var start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _finished[phase]) < items)
            {
                if (_failed)
                {
                    return false;
                }

                var waited = Stopwatch.GetTimestamp() - start;
                if (waited >= PatienceTicks && TryRunAnother(phase))
                {
                    continue;
                }

                if (waited < SpinTicks)
                {
                    Thread.SpinWait(10);
                }
                else
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                }
            }

            return true;
        }

        private bool TryRunAnother(int phase)
        {
            for (var owner = 0; owner < workers; owner++)
            {
                if (TryRunOne(phase, owner))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
