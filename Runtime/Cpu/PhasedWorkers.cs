using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Strata.Cpu;

/// <summary>
/// Runs the phases of an <see cref="IPhasedWork"/> (a struct) in order on the calling thread and the
/// <see cref="CpuParallel"/> workers, which stay for the whole run, so a recurrent layer forks and joins once per call
/// instead of once or twice per time step. Between phases the workers spin briefly (a step takes tens of
/// microseconds) rather than block.
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
internal static unsafe class PhasedWorkers
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

    // The schedule's counters, reused by each calling thread so a run allocates nothing after the first.
    [ThreadStatic]
    private static int[]? t_counters;

    /// <summary>
    /// Runs every phase on up to <paramref name="workers"/> threads (<see cref="CpuParallel"/>); one worker runs all on
    /// the calling thread. <paramref name="work"/> must be a local of the caller.
    /// </summary>
    public static void Run<TWork>(ref TWork work, int workers)
        where TWork : struct, IPhasedWork
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

        var length = phases * workers + phases + workers;
        var counters = t_counters is { } cached && cached.Length >= length ? cached : t_counters = new int[Math.Max(length, 256)];
        Array.Clear(counters, 0, length);
        fixed (int* start = counters)
        {
            var schedule = new Schedule<TWork>(Unsafe.AsPointer(ref work), phases, workers, start);
            CpuParallel.For(workers, ref schedule);
        }
    }

    /// <summary>
    /// One run's shared state: per (phase, owner) the items claimed, per phase the items finished, per worker whether
    /// it started; all in one pinned array of counters.
    /// </summary>
    private readonly struct Schedule<TWork> : IParallelBody
        where TWork : struct, IPhasedWork
    {
        private readonly void* _work;
        private readonly int _phases;
        private readonly int _workers;
        private readonly int* _claimed;
        private readonly int* _finished;
        private readonly int* _started;

        public Schedule(void* work, int phases, int workers, int* counters)
        {
            _work = work;
            _phases = phases;
            _workers = workers;
            _claimed = counters;
            _finished = counters + phases * workers;
            _started = _finished + phases;
        }

        private ref TWork Work => ref Unsafe.AsRef<TWork>(_work);

        public void Run(int worker)
        {
            Volatile.Write(ref _started[worker], 1);
            try
            {
                for (var phase = 0; phase < _phases; phase++)
                {
                    if (phase > 0 && !WaitForPhase(phase - 1))
                    {
                        return;
                    }

                    RunShare(phase, worker);
                    for (var offset = 1; offset < _workers; offset++)
                    {
                        var owner = (worker + offset) % _workers;
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
                Volatile.Write(ref _started[worker], -1);
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
            var items = Work.Items(phase);
            var (start, end) = (owner * items / _workers, (owner + 1) * items / _workers);
            ref var claimed = ref _claimed[phase * _workers + owner];

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

            Work.Run(phase, item);
            Interlocked.Increment(ref _finished[phase]);
            return true;
        }

        private bool Failed()
        {
            for (var w = 0; w < _workers; w++)
            {
                if (Volatile.Read(ref _started[w]) < 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Waits until every item of the phase has finished: spins for <see cref="SpinTicks"/>, then yields (never
        /// sleeps) between checks, and after <see cref="PatienceTicks"/> also runs items that other workers have not
        /// claimed yet. False when a worker failed.
        /// </summary>
        private bool WaitForPhase(int phase)
        {
            var items = Work.Items(phase);
            var spinner = default(SpinWait);
            var start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _finished[phase]) < items)
            {
                if (Failed())
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
            for (var owner = 0; owner < _workers; owner++)
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
