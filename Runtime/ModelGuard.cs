namespace Strata;

/// <summary>
/// What makes one generated model safe to share between threads, or loud when it is not. Each model creates one, over
/// its parameters. It has two parts:
/// <list type="bullet">
/// <item>
/// A busy flag around every call that uses the model's own buffers or mode (<c>Forward</c>, <c>Backward</c>,
/// <c>Train</c>/<c>Eval</c>, <c>CarryState</c>, <c>ResetState</c>) and around every write of its weights (an optimiser
/// step, <c>ModelState.Load</c>): a second such call while one runs on another thread throws
/// <see cref="InvalidOperationException"/> naming <c>Predict</c>, instead of corrupting the first one's buffers. It is
/// one <see cref="Interlocked.CompareExchange(ref int, int, int)"/> on entry and one write on exit.
/// </item>
/// <item>
/// A reader/writer lock over the weights: <c>Predict</c> calls read them together, while a write
/// (<see cref="WeightUpdate"/>: an optimiser step, a load) waits until the <c>Predict</c> calls in flight finish and keeps
/// new ones waiting until it is done, so every <c>Predict</c> sees the weights wholly before or wholly after it. On a GPU
/// device, <c>Predict</c> calls also take the device's lock, so one device runs one at a time. The buffers (BatchNorm's
/// running statistics) are under the same lock: a training <c>Forward</c> of a model with buffers, which updates them,
/// holds the write side for its whole run (<see cref="EnterForward"/>), so a <c>Predict</c> sees every buffer from before
/// that <c>Forward</c> or every one from after it, together with one set of weights. <c>ModelState.Save</c>,
/// <c>ModelState.ToSafeTensors</c> and <c>ExportOnnx</c> read under the read side (<see cref="BeginRead"/>), as
/// <c>Predict</c> does.
/// </item>
/// </list>
/// </summary>
public sealed class ModelGuard
{
    private static int s_count;

    private readonly string _model;
    private readonly Device _device;
    private readonly ReaderWriterLockSlim _weights = new(LockRecursionPolicy.NoRecursion);
    private int _busy;
    private string _running = string.Empty;

    /// <summary>
    /// A guard for the model named <paramref name="model"/> on <paramref name="device"/>. It becomes the guard of every
    /// parameter in <paramref name="parameters"/>, so writes through <see cref="WeightUpdate"/> find it; a parameter
    /// belongs to one model, so one already guarded by another model is an <see cref="ArgumentException"/>.
    /// </summary>
    public ModelGuard(string model, Device device, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(parameters);
        _model = model;
        _device = device;
        Id = Interlocked.Increment(ref s_count);
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Guard is not null)
            {
                throw new ArgumentException($"The parameter '{parameters[i].Name}' already belongs to another model.", nameof(parameters));
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i].Guard = this;
        }
    }

    /// <summary>The order in which <see cref="WeightUpdate"/> takes the guards of several models, so two writers cannot deadlock.</summary>
    internal int Id { get; }

    /// <summary>For tests: runs on the calling thread right after <see cref="Enter"/> marks the model busy, so a test can hold it there.</summary>
    internal Action<string>? Entered { get; set; }

    /// <summary>
    /// Marks the model busy with <paramref name="operation"/> (e.g. <c>"Forward"</c>) until the returned scope is
    /// disposed. Throws <see cref="InvalidOperationException"/> when another thread is inside such a call on this model.
    /// </summary>
    public ExclusiveCall Enter(string operation)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw Overlap(operation);
        }

        _running = operation;
        Entered?.Invoke(operation);
        return new ExclusiveCall(this);
    }

    /// <summary>
    /// Starts a <c>Forward</c> call: as <see cref="Enter"/> when <paramref name="writesBuffers"/> is false; when it is true
    /// (a training forward of a model with buffers, which updates its running statistics) it also waits for the
    /// <c>Predict</c> calls in flight and keeps new ones, and any other read of the weights and buffers, waiting until the
    /// returned scope is disposed, as an optimiser step does.
    /// </summary>
    public ExclusiveCall EnterForward(string operation, bool writesBuffers)
    {
        if (!writesBuffers)
        {
            return Enter(operation);
        }

        BeginWrite(operation);
        return new ExclusiveCall(this, writing: true);
    }

    /// <summary>
    /// Starts a <c>Predict</c> call: waits while the weights are being written, then holds them for reading (and, on a
    /// GPU, holds the device) until the returned scope is disposed. Any number of threads may hold the weights at once.
    /// </summary>
    public PredictCall BeginPredict() => BeginRead();

    /// <summary>
    /// Starts a read of the weights and buffers that must see one consistent set (<c>Predict</c>,
    /// <c>ModelState.Save</c>, <c>ExportOnnx</c>): waits while they are being written (an optimiser step, a load, a
    /// training <c>Forward</c> that updates buffers), then holds them for reading, and on a GPU the device, until the
    /// returned scope is disposed. Reads run together. It is not re-entrant: a thread that holds the write side (inside
    /// a <see cref="WeightUpdate"/>) must not call it.
    /// </summary>
    public PredictCall BeginRead()
    {
        _weights.EnterReadLock();
        if (_device.IsGpu)
        {
            try
            {
                _device.Gate.Enter();
            }
            catch
            {
                _weights.ExitReadLock();
                throw;
            }
        }

        return new PredictCall(this);
    }

    /// <summary>For tests: how many threads wait to read the weights (see <see cref="BeginRead"/>) because a write holds them.</summary>
    internal int WaitingReaders => _weights.WaitingReadCount;

    /// <summary>Ends what <see cref="Enter"/> started.</summary>
    internal void Exit() => Volatile.Write(ref _busy, 0);

    /// <summary>Ends what <see cref="BeginPredict"/> started.</summary>
    internal void EndPredict()
    {
        if (_device.IsGpu)
        {
            _device.Gate.Exit();
        }

        _weights.ExitReadLock();
    }

    /// <summary>
    /// Starts a write of the weights: marks the model busy (throwing as <see cref="Enter"/> does), then waits for the
    /// <c>Predict</c> calls in flight and keeps new ones out until <see cref="EndWrite"/>.
    /// </summary>
    internal void BeginWrite(string operation)
    {
        Enter(operation);
        try
        {
            _weights.EnterWriteLock();
        }
        catch
        {
            Exit();
            throw;
        }
    }

    /// <summary>Ends what <see cref="BeginWrite"/> started.</summary>
    internal void EndWrite()
    {
        _weights.ExitWriteLock();
        Exit();
    }

    private InvalidOperationException Overlap(string operation)
    {
        var running = Volatile.Read(ref _running);
        return new InvalidOperationException(
            $"{_model}.{operation} was called while another thread is in {_model}.{running} on the same model. " +
            "A model's Forward, Backward, Train/Eval, CarryState/ResetState and weight updates (optimiser steps, " +
            "ModelState.Load) are for one thread at a time: they share the model's buffers. To run inference from many " +
            $"threads, call {_model}.Predict, which is thread-safe; or give each thread its own model.");
    }
}
