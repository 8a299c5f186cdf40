namespace Strata.Cpu;

/// <summary>
/// Runs the phases of an <see cref="IPhasedWork"/> in order on the calling thread and pool threads that stay for the
/// whole run, so a recurrent layer forks and joins once per call instead of once or twice per time step. Between
/// phases the workers spin briefly (a step takes tens of microseconds) rather than block.
/// </summary>
/// <remarks>
/// Worker w runs the items of its own share of each phase (the w-th of <c>workers</c> contiguous ranges), so the
/// same worker runs the same items every step and keeps their weights in its core's cache. Letting an idle worker
/// take what is left of a busy one's share made the LSTM benchmark's time loop 17% slower: each stolen item's weights move to the other core, that
/// item then runs slower at its owner, and the owner falls behind again. Items are still claimed, not assigned, and
/// a worker takes the shares of workers that have not started (the pool may start one late, or not before the
/// others finish), so the run never waits on a thread that is not there; it does wait for a started worker that the
/// operating system has descheduled.
/// </remarks>
internal static class PhasedWorkers
{
    // Below about a megaflop per phase, handing items between cores costs more than it saves (as in Gemm).
    private const long ParallelFlopThreshold = 1L << 20;

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

                    var items = work.Items(phase);
                    for (var offset = 0; offset < workers; offset++)
                    {
                        var owner = (worker + offset) % workers;
                        if (offset > 0 && Volatile.Read(ref _started[owner]) != 0)
                        {
                            continue;
                        }

                        var (start, end) = (owner * items / workers, (owner + 1) * items / workers);
                        for (var item = start + Claim(phase, owner); item < end; item = start + Claim(phase, owner))
                        {
                            work.Run(phase, item);
                            Interlocked.Increment(ref _finished[phase]);
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

        private int Claim(int phase, int owner) => Interlocked.Increment(ref _claimed[phase * workers + owner]) - 1;

        /// <summary>Spins (yielding, never sleeping) until every item of the phase has finished; false when a worker failed.</summary>
        private bool WaitForPhase(int phase)
        {
            var items = work.Items(phase);
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _finished[phase]) < items)
            {
                if (_failed)
                {
                    return false;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            return true;
        }
    }
}
