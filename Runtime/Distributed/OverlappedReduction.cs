using System.Runtime.ExceptionServices;

namespace Strata.Distributed;

/// <summary>
/// Averages the gradients while backward still runs, as PyTorch's DDP does. It listens to the model's backward
/// (<see cref="IGradientReadyListener"/>): once every parameter of a bucket (<see cref="GradientBuckets"/>, reverse
/// declaration order) has been reported final, the bucket is handed to a communication thread, which runs its allreduce
/// while backward goes on with the layers before. Buckets are handed over strictly in order, bucket k only after bucket
/// k − 1, so every rank issues the same collectives in the same order whatever order its layers finish in;
/// <see cref="Finish"/> hands over the rest (those backward never reported, such as a rank's zero gradients when its
/// shard was empty) and waits for all of them. Frozen parameters belong to no bucket and their reports are ignored.
/// </summary>
/// <remarks>
/// Only the communication thread talks to the communicator between <see cref="Begin"/> and <see cref="Finish"/>, and
/// only one bucket at a time, so MPI's <c>MPI_THREAD_SERIALIZED</c> is enough; the caller must make no other collective
/// call in between (<see cref="DataParallel"/> checks that). An allreduce that fails is rethrown by <see cref="Finish"/>;
/// one that hangs is ended by the communicator's watchdog.
/// </remarks>
public sealed class OverlappedReduction : IGradientReadyListener, IDisposable
{
    private readonly GradientBuckets _buckets;
    private readonly ICommunicator _communicator;
    private readonly int[] _remaining;
    private readonly bool[] _reported;
    private readonly SemaphoreSlim _work = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private readonly Thread _thread;
    private float _weight;
    private int _launched;
    private int _collected;
    private int _next;
    private long _sequence;
    private bool _active;
    private volatile bool _stopping;
    private ExceptionDispatchInfo? _error;

    /// <summary>Reduces <paramref name="buckets"/> over <paramref name="communicator"/> on a thread of its own.</summary>
    public OverlappedReduction(GradientBuckets buckets, ICommunicator communicator)
    {
        _buckets = buckets ?? throw new ArgumentNullException(nameof(buckets));
        _communicator = communicator ?? throw new ArgumentNullException(nameof(communicator));
        _remaining = new int[buckets.Buckets.Count];
        _reported = new bool[buckets.ParameterCount];
        _thread = new Thread(Run) { IsBackground = true, Name = "Strata gradient allreduce" };
        _thread.Start();
    }

    /// <summary>Called with each event, on the thread where it happens; null for none.</summary>
    public Action<GradientEvent>? Events { get; set; }

    /// <summary>Whether a pass is under way: <see cref="Begin"/> was called and <see cref="Finish"/> not yet.</summary>
    public bool IsActive => _active;

    /// <summary>How many buckets the last pass handed to the communication thread before <see cref="Finish"/>, on backward's reports.</summary>
    public int HandedOverEarly { get; private set; }

    /// <summary>
    /// Starts a pass: each rank's gradients will be scaled by <paramref name="weight"/> (its share of the global batch)
    /// before the sum. Waits first for anything a pass that never finished (one whose backward threw) left in flight.
    /// </summary>
    public void Begin(float weight)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        Drain();
        _error = null;
        _weight = weight;
        for (var b = 0; b < _remaining.Length; b++)
        {
            _remaining[b] = _buckets.Members[b].Count;
        }

        Array.Clear(_reported);
        Volatile.Write(ref _next, 0);
        _launched = 0;
        _collected = 0;
        HandedOverEarly = 0;
        _active = true;
    }

    /// <inheritdoc />
    public void GradientsReady(int first, int count)
    {
        if (!_active)
        {
            return;
        }

        Record(GradientEventKind.LayerReady, first);
        for (var i = first; i < first + count; i++)
        {
            if ((uint)i >= (uint)_reported.Length || _reported[i])
            {
                // Not a parameter of the plan, or a second report: nothing to count.
                continue;
            }

            _reported[i] = true;
            var bucket = _buckets.BucketOf(i);
            if (bucket >= 0)
            {
                _remaining[bucket]--;
            }
        }

        while (_launched < _remaining.Length && _remaining[_launched] == 0)
        {
            HandOver();
        }

        HandedOverEarly = _launched;
    }

    /// <summary>
    /// Ends the pass after backward: hands over the buckets not yet handed over, waits until every bucket is reduced, and
    /// rethrows the first error of an allreduce.
    /// </summary>
    public void Finish()
    {
        if (!_active)
        {
            throw new InvalidOperationException("OverlappedReduction.Finish needs a Begin first.");
        }

        Record(GradientEventKind.BackwardFinished, -1);
        while (_launched < _remaining.Length)
        {
            HandOver();
        }

        Drain();
        _active = false;
        _error?.Throw();
    }

    /// <summary>
    /// Abandons a pass that will not finish (its backward threw): hands over nothing more, waits for the buckets in flight
    /// and forgets their errors.
    /// </summary>
    public void Cancel()
    {
        Drain();
        _active = false;
        _error = null;
    }

    /// <summary>Stops the communication thread (after the bucket it may be reducing).</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _active = false;
        _work.Release();
        _thread.Join(TimeSpan.FromSeconds(1));
    }

    private void HandOver()
    {
        _launched++;
        _work.Release();
    }

    private void Drain()
    {
        while (_collected < _launched)
        {
            _done.Wait();
            _collected++;
        }
    }

    private void Record(GradientEventKind kind, int index)
    {
        if (Events is { } events)
        {
            events(new GradientEvent(kind, index, Interlocked.Increment(ref _sequence)));
        }
    }

    private void Run()
    {
        while (true)
        {
            _work.Wait();
            if (_stopping)
            {
                return;
            }

            var bucket = _next;
            Volatile.Write(ref _next, bucket + 1);
            if (_error is null)
            {
                try
                {
                    Record(GradientEventKind.AllreduceStarted, bucket);
                    _communicator.AllreduceSum(_buckets.Buckets[bucket], _weight);
                    Record(GradientEventKind.AllreduceFinished, bucket);
                }
                catch (Exception error)
                {
                    _error = ExceptionDispatchInfo.Capture(error);
                }
            }

            _done.Release();
        }
    }
}
