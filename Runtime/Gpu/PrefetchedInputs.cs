namespace Strata.Gpu;

/// <summary>
/// A GPU batch runner's inputs, double-buffered (<see cref="DoubleBufferedInput"/>): one pair of slots per batch shape it
/// meets (the batch size and, for token sequences, the batch's padded length), and the order every training set's GPU
/// runner follows in a step: <see cref="Acquire"/> the batch (prefetched by the step before, or uploaded now), launch
/// the forward, <see cref="Prefetch"/> the next batch (before reading the loss, the host's first wait for this step's
/// compute, so its copy overlaps the step), score, run the backward, <see cref="Release"/>.
/// </summary>
internal sealed class PrefetchedInputs(Device device, PrefetchedInputs.Shape shapeOf, DoubleBufferedInput.Stage stage) : IDisposable
{
    private readonly Dictionary<(int Count, int SampleSize), DoubleBufferedInput> _inputs = [];
    private DoubleBufferedInput? _current;

    /// <summary>The shape of one sample of the batch of <c>samples</c>: fixed, or, for token sequences, their padded length.</summary>
    public delegate IReadOnlyList<int> Shape(ReadOnlySpan<int> samples);

    /// <summary>The features <see cref="Acquire"/>'s batch was staged from, in host memory; valid until its <see cref="Release"/>.</summary>
    public ReadOnlySpan<float> Features => _current!.Features;

    /// <summary>The input tensor of <paramref name="samples"/> and what the stage wrote per sample (labels, or lengths): see <see cref="DoubleBufferedInput.Acquire"/>.</summary>
    public (Tensor Input, int[] Labels) Acquire(ReadOnlySpan<int> samples)
    {
        _current = For(samples);
        return _current.Acquire(samples, stage);
    }

    /// <summary>Queues the copy of <paramref name="next"/> (nothing when empty) on the copy stream: see <see cref="DoubleBufferedInput.Prefetch"/>.</summary>
    public void Prefetch(ReadOnlySpan<int> next)
    {
        if (!next.IsEmpty)
        {
            For(next).Prefetch(next, stage);
        }
    }

    /// <summary>Forgets every prefetched batch no step has taken: see <see cref="DoubleBufferedInput.Forget"/>.</summary>
    public void Forget()
    {
        foreach (var inputs in _inputs.Values)
        {
            inputs.Forget();
        }
    }

    /// <summary>Records that every launch reading the acquired batch has been queued: see <see cref="DoubleBufferedInput.Release"/>.</summary>
    public void Release() => _current?.Release();

    public void Dispose()
    {
        foreach (var inputs in _inputs.Values)
        {
            inputs.Dispose();
        }

        _inputs.Clear();
        _current = null;
    }

    private DoubleBufferedInput For(ReadOnlySpan<int> samples)
    {
        // Within one runner the sample shapes differ at most in one extent, so the batch size and the sample size name it.
        var shape = shapeOf(samples);
        var key = (samples.Length, shape.Aggregate(1, (size, extent) => size * extent));
        if (!_inputs.TryGetValue(key, out var inputs))
        {
            inputs = new DoubleBufferedInput(device, samples.Length, shape);
            _inputs.Add(key, inputs);
        }

        return inputs;
    }
}
