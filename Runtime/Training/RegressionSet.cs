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
        private readonly Dictionary<int, (Tensor Input, Tensor Target, Tensor Gradient)> _tensors = [];
        private float[] _staging = [];

        public bool MeasuresAccuracy => false;

        public BatchScore Run(ReadOnlySpan<int> samples, bool backward)
        {
            var count = samples.Length;
            if (!_tensors.TryGetValue(count, out var tensors))
            {
                tensors = (model.Device.Allocate([count, .. set.SampleShape]), model.Device.Allocate([count, .. set.TargetShape]),
                    model.Device.Allocate([count, .. set.TargetShape]));
                _tensors.Add(count, tensors);
            }

            Gather(samples, set._features, set.SampleSize, tensors.Input);
            Gather(samples, set._targets, set.TargetSize, tensors.Target);
            var loss = _loss.Compute(model.Forward(tensors.Input), tensors.Target, tensors.Gradient, set.Reduction);
            if (backward)
            {
                model.Backward(tensors.Gradient);
            }

            return new BatchScore(loss, 0, 0);
        }

        public void Dispose()
        {
            foreach (var (input, target, gradient) in _tensors.Values)
            {
                input.Dispose();
                target.Dispose();
                gradient.Dispose();
            }

            _tensors.Clear();
        }

        private void Gather(ReadOnlySpan<int> samples, float[] source, int size, Tensor destination)
        {
            HostTransfer.EnsureCapacity(ref _staging, samples.Length * size);
            var staged = _staging.AsSpan(0, samples.Length * size);
            for (var i = 0; i < samples.Length; i++)
            {
                source.AsSpan(samples[i] * size, size).CopyTo(staged.Slice(i * size, size));
            }

            destination.CopyFrom(staged);
        }
    }
}
