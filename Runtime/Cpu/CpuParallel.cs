using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Strata.Cpu;

/// <summary>
/// A parallel loop on persistent worker threads that allocates nothing per call, unlike <c>Parallel.For</c> (a
/// closure, a delegate and the loop's tasks and state: about 1–2 KB a call, hundreds of calls per training step). The
/// calling thread takes part; <c>ProcessorCount − 1</c> background threads, started on first use, claim iterations from
/// a shared counter, spin for a few tens of microseconds after a loop (the next one usually follows at once) and then
/// block; the calling thread spins as long for the last iterations before it yields. A loop of many iterations is
/// claimed in runs of them (<see cref="ClaimsPerThread"/> claims per thread), so thousands of tiny iterations do not
/// each pay a claim on a counter that every core writes.
/// </summary>
/// <remarks>
/// One loop runs on the workers at a time. A loop started while another is running (a second model on another thread,
/// or a loop nested inside an iteration) runs on its calling thread alone, which on a machine whose cores are already
/// busy is what it would get anyway. The body is passed by reference and read through a pointer by the workers, so it
/// must be a local of the caller (on its stack), which <see cref="For{TBody}"/> does not return from until every
/// iteration has finished.
/// </remarks>
internal static unsafe class CpuParallel
{
    private static readonly int WorkerCount = Math.Max(Environment.ProcessorCount - 1, 0);

    // Enough claims per thread that a core slowed by another process is evened out, few enough that a claim (a
    // contended compare-exchange and the loop's shared fields: hundreds of nanoseconds) stays small beside the work.
    // ResNet-18's global average pool at batch 32 was 16,384 claims of one float each.
    private const int ClaimsPerThread = 32;

    // Each worker's GC.GetAllocatedBytesForCurrentThread() after the last loop it helped, for the allocation tests.
    private static readonly long[] Allocated = new long[WorkerCount];
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000;
    private static readonly object Gate = new();

    private static int _started;
    private static int _busy;

    // The generation of the current loop (high half) and its next unclaimed iteration (low half), so that a worker
    // claims an iteration only of the loop whose body and count it read.
    private static long _state;
    private static int _count;
    private static int _grain;

    // The generation whose body, invoker and count the fields below hold, or are about to hold: a loop sets it before it
    // writes them, so a worker that read them for an older generation sees that they may be torn.
    private static int _published;
    private static void* _body;
    private static delegate*<void*, int, void> _invoke;
    private static int _finished;
    private static int _sleepers;
    private static Exception? _error;

    /// <summary>
    /// Runs <c>body.Run(i)</c> for i in [0, <paramref name="count"/>) on the calling thread and the workers, and
    /// returns when all have finished. The first exception an iteration throws is rethrown here (the others still run).
    /// </summary>
    public static void For<TBody>(int count, ref TBody body)
        where TBody : struct, IParallelBody
    {
        if (count <= 0)
        {
            return;
        }

        if (count == 1 || WorkerCount == 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // The same contract as on the workers: every iteration runs, then the first failure is rethrown.
            Exception? first = null;
            for (var i = 0; i < count; i++)
            {
                try
                {
                    body.Run(i);
                }
                catch (Exception exception)
                {
                    first ??= exception;
                }
            }

            if (first is not null)
            {
                ExceptionDispatchInfo.Throw(first);
            }

            return;
        }

        try
        {
            EnsureStarted();
            var generation = (int)(Volatile.Read(ref _state) >> 32) + 1;

            // Full fence: a worker still reading the previous loop's fields sees the new generation here after it.
            Interlocked.Exchange(ref _published, generation);
            _body = Unsafe.AsPointer(ref body);
            _invoke = &Invoke<TBody>;
            _count = count;
            _grain = Math.Max(count / (ClaimsPerThread * (WorkerCount + 1)), 1);
            _finished = 0;
            _error = null;

            // The exchange is a full fence: the fields above are visible before the new generation, and the read of
            // _sleepers below cannot move before it (a worker going to sleep increments _sleepers, then reads _state).
            Interlocked.Exchange(ref _state, (long)generation << 32);
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (Gate)
                {
                    Monitor.PulseAll(Gate);
                }
            }

            Help(generation);

            // The others are finishing their last runs: spin on the counter as the workers do between loops before
            // yielding, which is a system call in a VM and was 5% of the calling thread's time at batch 1.
            var spinner = default(SpinWait);
            var waiting = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _finished) < count)
            {
                if (Stopwatch.GetTimestamp() - waiting < SpinTicks)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            if (_error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void Invoke<TBody>(void* body, int index)
        where TBody : struct, IParallelBody =>
        Unsafe.AsRef<TBody>(body).Run(index);

    /// <summary>Claims runs of iterations of loop <paramref name="generation"/> and runs them until none is left.</summary>
    private static void Help(int generation)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((int)(state >> 32) != generation)
            {
                return;
            }

            // Read before claiming. Once every iteration is claimed the next loop may already be writing these fields while
            // _state still shows this generation, so they count only if no newer loop has begun publishing them (it
            // sets _published first, behind a full fence; the barrier keeps these reads before that check). After that,
            // a successful claim proves the loop is still running, so the next cannot start before this iteration ends.
            var count = Volatile.Read(ref _count);
            var grain = Volatile.Read(ref _grain);
            var body = _body;
            var invoke = _invoke;
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _published) != generation)
            {
                return;
            }

            var index = (int)state;
            if (index >= count)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + grain, state) != state)
            {
                continue;
            }

            var end = Math.Min(index + grain, count);
            for (var i = index; i < end; i++)
            {
                try
                {
                    invoke(body, i);
                }
                catch (Exception exception)
                {
                    Interlocked.CompareExchange(ref _error, exception, null);
                }
            }

            Interlocked.Add(ref _finished, end - index);
        }
    }

    private static void EnsureStarted()
    {
        if (Volatile.Read(ref _started) != 0 || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        for (var i = 0; i < WorkerCount; i++)
        {
            var worker = i;
            new Thread(() => Work(worker)) { IsBackground = true, Name = $"Strata CPU worker {i + 1}" }.Start();
        }
    }

    /// <summary>
    /// The bytes the worker threads have allocated since they started, as each last published it (after each loop it
    /// helped): with the calling thread's own count, what Strata's kernels allocate, whatever else the process runs.
    /// </summary>
    internal static long WorkerAllocatedBytes
    {
        get
        {
            var total = 0L;
            for (var i = 0; i < Allocated.Length; i++)
            {
                total += Volatile.Read(ref Allocated[i]);
            }

            return total;
        }
    }

    private static void Work(int worker)
    {
        var seen = 0;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            int generation;
            while ((generation = (int)(Volatile.Read(ref _state) >> 32)) == seen && Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                Thread.SpinWait(20);
            }

            if (generation == seen)
            {
                Interlocked.Increment(ref _sleepers);
                lock (Gate)
                {
                    while ((generation = (int)(Volatile.Read(ref _state) >> 32)) == seen)
                    {
                        Monitor.Wait(Gate);
                    }
                }

                Interlocked.Decrement(ref _sleepers);
            }

            seen = generation;
            Help(generation);
            Volatile.Write(ref Allocated[worker], GC.GetAllocatedBytesForCurrentThread());
        }
    }
}
