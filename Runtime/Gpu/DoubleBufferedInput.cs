using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Two input tensors of one batch size on a GPU, each with a page-locked host staging array and its labels, so the next
/// batch can be gathered on the host and copied to the device on the device's copy stream (<see cref="Device.CopyStream"/>)
/// while the current batch computes on the default stream. A step calls <see cref="Acquire"/> (the prefetched slot when
/// it holds these samples, after waiting for its copy; otherwise a synchronous upload), launches its forward, calls
/// <see cref="Prefetch"/> with the next step's samples (before it reads the loss, which waits for the compute stream),
/// and calls <see cref="Release"/> after its last launch that reads the input (its backward).
/// <para>
/// Synchronisation, all by host waits on stream markers (ILGPU has no cross-stream event wait): a kernel never reads a
/// slot before its copy has finished (<see cref="Acquire"/> waits for the copy's marker), and a copy never overwrites a
/// slot the compute stream may still read (<see cref="Prefetch"/> first waits for the marker <see cref="Release"/>
/// recorded after that slot's last reader, which was queued before the current step's forward, so the wait does not
/// wait for the current step).
/// </para>
/// </summary>
internal sealed class DoubleBufferedInput : IDisposable
{
    private readonly Device _device;
    private readonly Slot[] _slots;
    private int _current = -1;

    /// <summary>Two slots of <paramref name="batchSize"/> samples shaped <paramref name="sampleShape"/>.</summary>
    public DoubleBufferedInput(Device device, int batchSize, IReadOnlyList<int> sampleShape)
    {
        _device = device;
        _slots = [new Slot(device, batchSize, sampleShape), new Slot(device, batchSize, sampleShape)];
    }

    /// <summary>
    /// Writes the features of <c>samples</c> into host memory, and one int per sample (a label, or a sequence length):
    /// the caller's gather.
    /// </summary>
    public delegate void Stage(ReadOnlySpan<int> samples, Span<float> features, Span<int> labels);

    /// <summary>
    /// The host copy of the features <see cref="Acquire"/> returned, as staged; valid until <see cref="Release"/> (the
    /// slot's next refill waits for it).
    /// </summary>
    public ReadOnlySpan<float> Features
    {
        get
        {
            var slot = _slots[_current];
            return slot.Staging.Span[..slot.Input.Length];
        }
    }

    /// <summary>
    /// The input tensor and labels of <paramref name="samples"/>: the slot a <see cref="Prefetch"/> filled with exactly
    /// these samples, once its copy has finished, or else the other slot, staged and uploaded now (one synchronous,
    /// counted upload on the default stream, ordered after every kernel queued before it).
    /// </summary>
    public (Tensor Input, int[] Labels) Acquire(ReadOnlySpan<int> samples, Stage stage)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var prefetched = _slots[i];
            if (prefetched.IsPending && prefetched.Holds(samples))
            {
                prefetched.WaitForCopy(_device);
                _current = i;
                return (prefetched.Input, prefetched.Labels);
            }
        }

        var index = _current < 0 ? 0 : _current ^ 1;
        var slot = _slots[index];
        slot.WaitForCopy(_device); // a prefetch of other samples: let it land before the staging array is rewritten
        stage(samples, slot.Staging.Span[..slot.Input.Length], slot.Labels.AsSpan(0, samples.Length));
        HostTransfer.Upload(_device, (ReadOnlySpan<float>)slot.Staging.Span[..slot.Input.Length], slot.Input.View);
        slot.Input.MarkChanged();
        _current = index;
        return (slot.Input, slot.Labels);
    }

    /// <summary>
    /// Gathers <paramref name="samples"/> into the slot the current step does not read and queues its copy on the copy
    /// stream, after the compute stream has released that slot; returns without waiting for the copy.
    /// </summary>
    public void Prefetch(ReadOnlySpan<int> samples, Stage stage)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        var slot = _slots[_current < 0 ? 0 : _current ^ 1];
        slot.WaitForCopy(_device);
        slot.WaitForRelease(_device);
        stage(samples, slot.Staging.Span[..slot.Input.Length], slot.Labels.AsSpan(0, samples.Length));
        var stream = _device.CopyStream;
        HostTransfer.UploadAsync(_device, slot.Staging, slot.Input.Length, slot.Input.View, stream);
        slot.Copied(samples, stream.AddProfilingMarker());
    }

    /// <summary>
    /// Waits for any copy still queued and forgets which samples it held, so that no later <see cref="Acquire"/> takes
    /// it: for a caller whose sample indices may name another data set from now on.
    /// </summary>
    public void Forget()
    {
        foreach (var slot in _slots)
        {
            slot.WaitForCopy(_device);
        }
    }

    /// <summary>Records, on the compute stream, that every launch reading the current slot has been queued.</summary>
    public void Release()
    {
        if (_current >= 0)
        {
            _slots[_current].Released(_device.Accelerator.DefaultStream.AddProfilingMarker());
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }
    }

    private sealed class Slot : IDisposable
    {
        private readonly int[] _samples;
        private int _sampleCount = -1;
        private ProfilingMarker? _copied;
        private ProfilingMarker? _released;

        public Slot(Device device, int batchSize, IReadOnlyList<int> sampleShape)
        {
            Input = device.Allocate([batchSize, .. sampleShape]);
            Staging = device.Accelerator.AllocatePageLocked1D<float>(Math.Max(1, Input.Length));
            Labels = new int[batchSize];
            _samples = new int[batchSize];
        }

        public Tensor Input { get; }

        public PageLockedArray1D<float> Staging { get; }

        public int[] Labels { get; }

        /// <summary>Whether a copy was queued whose batch no step has taken yet.</summary>
        public bool IsPending => _copied is not null;

        public bool Holds(ReadOnlySpan<int> samples) =>
            _sampleCount == samples.Length && samples.SequenceEqual(_samples.AsSpan(0, _sampleCount));

        public void Copied(ReadOnlySpan<int> samples, ProfilingMarker marker)
        {
            samples.CopyTo(_samples);
            _sampleCount = samples.Length;
            _copied = marker;
        }

        /// <summary>Waits (host) for the queued copy, if any, and marks the input changed.</summary>
        public void WaitForCopy(Device device)
        {
            if (_copied is null)
            {
                return;
            }

            device.Record(TransferEvent.CopyStreamWait);
            _copied.Synchronize();
            _copied.Dispose();
            _copied = null;
            _sampleCount = -1;
            Input.MarkChanged();
        }

        public void Released(ProfilingMarker marker)
        {
            _released?.Dispose();
            _released = marker;
        }

        /// <summary>Waits (host) until the compute stream has run every launch queued before the last <see cref="Released"/>.</summary>
        public void WaitForRelease(Device device)
        {
            if (_released is null)
            {
                return;
            }

            device.Record(TransferEvent.ComputeReleaseWait);
            _released.Synchronize();
            _released.Dispose();
            _released = null;
        }

        public void Dispose()
        {
            _copied?.Synchronize();
            _copied?.Dispose();
            _released?.Dispose();
            Staging.Dispose();
            Input.Dispose();
        }
    }
}
