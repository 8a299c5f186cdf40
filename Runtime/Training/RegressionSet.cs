using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Samples with real-valued targets, for a model whose output has the targets' shape, trained with the squared error
/// (<see cref="MeanSquaredError"/>), averaged or summed as PyTorch's <c>nn.MSELoss(reduction=…)</c>. It measures no
/// accuracy.
/// </summary>
public sealed class RegressionSet : ITrainingSet
{
    private readonly float[] _features;
    private readonly float[] _targets;

    /// <summary>
    /// Wraps <paramref name="features"/> ([count, ..sampleShape]) and <paramref name="targets"/> ([count,
    /// ..targetShape]) without copying them. Throws <see cref="ArgumentException"/> when the lengths disagree, or a value
    /// is not finite.
    /// </summary>
    public RegressionSet(
        float[] features, IReadOnlyList<int> sampleShape, float[] targets, IReadOnlyList<int> targetShape,
        Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        SampleSize = Size(sampleShape, nameof(sampleShape));
        TargetSize = Size(targetShape, nameof(targetShape));
        if (reduction is not (Reduction.Mean or Reduction.Sum))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Expected Mean or Sum.");
        }

        if (features.Length % SampleSize != 0 || targets.Length != features.Length / SampleSize * TargetSize || features.Length == 0)
        {
            throw new ArgumentException(
                $"Expected {features.Length / SampleSize} samples of [{string.Join(", ", sampleShape)}] and as many targets of " +
                $"[{string.Join(", ", targetShape)}]; got {features.Length} feature and {targets.Length} target values.", nameof(targets));
        }

        var bad = features.AsSpan().IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        var badTarget = targets.AsSpan().IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0 || badTarget >= 0)
        {
            throw new ArgumentException(
                bad >= 0 ? $"Feature value {bad} is {features[bad]}." : $"Target value {badTarget} is {targets[badTarget]}.",
                bad >= 0 ? nameof(features) : nameof(targets));
        }

        (_features, _targets) = (features, targets);
        (SampleShape, TargetShape, Reduction) = (sampleShape.ToArray(), targetShape.ToArray(), reduction);
        Count = features.Length / SampleSize;
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>The shape of one sample.</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>The shape of one target, which is the model's output shape.</summary>
    public IReadOnlyList<int> TargetShape { get; }

    /// <summary>The number of values in one sample.</summary>
    public int SampleSize { get; }

    /// <summary>The number of values in one target.</summary>
    public int TargetSize { get; }

    /// <summary>Whether a batch's loss is the mean or the sum of its squared errors.</summary>
    public Reduction Reduction { get; }

    /// <inheritdoc />
    public IBatchRunner Open(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!SampleShape.SequenceEqual(model.InputShape) || !TargetShape.SequenceEqual(model.OutputShape))
        {
            throw new ArgumentException(
                $"The model maps [{string.Join(", ", model.InputShape)}] to [{string.Join(", ", model.OutputShape)}], but the set's samples are " +
                $"[{string.Join(", ", SampleShape)}] and its targets [{string.Join(", ", TargetShape)}].", nameof(model));
        }

        return new Runner(model, this);
    }

    private static int Size(IReadOnlyList<int> shape, string name)
    {
        ArgumentNullException.ThrowIfNull(shape, name);
        if (shape.Count == 0 || shape.Any(d => d <= 0))
        {
            throw new ArgumentException($"A shape needs positive dimensions, got [{string.Join(", ", shape)}].", name);
        }

        return shape.Aggregate(1, (product, dimension) => checked(product * dimension));
    }

    private sealed class Runner(IModel model, RegressionSet set) : IBatchRunner
    {
        private readonly MeanSquaredError _loss = new();
        private readonly Dictionary<int, (Tensor Target, Tensor Gradient)> _tensors = [];
        private readonly Dictionary<int, Tensor> _cpuInputs = [];
        private PrefetchedInputs? _gpuInputs;
        private float[] _staging = [];

        public bool MeasuresAccuracy => false;

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward) => Run(samples, backward, []);

        /// <summary>
        /// On a GPU the features come from a double-buffered slot (<see cref="PrefetchedInputs"/>) and the next batch's
        /// go up on the copy stream once the forward is queued, before the loss is read; the targets go up when the step
        /// scores, as without prefetching.
        /// </summary>
        public BatchScore Run(ReadOnlySpan<int> samples, bool backward, ReadOnlySpan<int> next)
        {
            var count = samples.Length;
            if (!_tensors.TryGetValue(count, out var tensors))
            {
                tensors = (model.Device.Allocate([count, .. set.TargetShape]), model.Device.Allocate([count, .. set.TargetShape]));
                _tensors.Add(count, tensors);
            }

            Tensor output;
            if (model.Device.IsGpu)
            {
                _gpuInputs ??= new PrefetchedInputs(
                    model.Device, _ => set.SampleShape, (rows, features, _) => Gather(rows, set._features, set.SampleSize, features));
                output = model.Forward(_gpuInputs.Acquire(samples).Input);
                _gpuInputs.Prefetch(next);
            }
            else
            {
                if (!_cpuInputs.TryGetValue(count, out var input))
                {
                    input = model.Device.Allocate([count, .. set.SampleShape]);
                    _cpuInputs.Add(count, input);
                }

                Gather(samples, set._features, set.SampleSize, input.Span);
                output = model.Forward(input);
            }

            HostTransfer.EnsureCapacity(ref _staging, count * set.TargetSize);
            var targets = _staging.AsSpan(0, count * set.TargetSize);
            Gather(samples, set._targets, set.TargetSize, targets);
            tensors.Target.CopyFrom(targets);
            var loss = _loss.Compute(output, tensors.Target, tensors.Gradient, set.Reduction);
            if (backward)
            {
                model.Backward(tensors.Gradient);
            }

            _gpuInputs?.Release();
            return new BatchScore(loss, 0, 0);
        }

        public void Dispose()
        {
            foreach (var (target, gradient) in _tensors.Values)
            {
                target.Dispose();
                gradient.Dispose();
            }

            foreach (var input in _cpuInputs.Values)
            {
                input.Dispose();
            }

            _gpuInputs?.Dispose();
            _tensors.Clear();
            _cpuInputs.Clear();
        }

        /// <summary>Copies the rows of <paramref name="source"/> (<paramref name="size"/> values each) at <paramref name="samples"/> into <paramref name="destination"/>, in order.</summary>
        private static void Gather(ReadOnlySpan<int> samples, float[] source, int size, Span<float> destination)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                source.AsSpan(samples[i] * size, size).CopyTo(destination.Slice(i * size, size));
            }
        }
    }
}
