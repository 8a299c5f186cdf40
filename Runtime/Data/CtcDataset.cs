namespace Strata.Data;

/// <summary>
/// Samples for a CTC model: features laid out [count, ..SampleShape] in one float array, each sample's label sequence
/// (unaligned, of any length, with no blank in it) and each sample's input length in the model's output steps (how many of
/// them CTC reads; the rest is padding, such as the empty canvas right of a text line). Wraps the arrays without copying.
/// </summary>
public sealed class CtcDataset
{
    private readonly float[] _features;

    /// <summary>
    /// Wraps the samples. Throws <see cref="ArgumentException"/> when the counts disagree, an input length is below 0, or a
    /// label is negative.
    /// </summary>
    public CtcDataset(float[] features, IReadOnlyList<int> sampleShape, IReadOnlyList<int[]> labels, int[] inputLengths)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(inputLengths);
        if (sampleShape.Count == 0 || sampleShape.Any(dimension => dimension <= 0))
        {
            throw new ArgumentException(
                $"The sample shape must have positive dimensions, got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        }

        var sampleSize = sampleShape.Aggregate(1, (product, dimension) => product * dimension);
        if (features.LongLength != (long)labels.Count * sampleSize)
        {
            throw new ArgumentException(
                $"Expected {labels.Count} samples × {sampleSize} values = {(long)labels.Count * sampleSize} features, got {features.Length}.",
                nameof(features));
        }

        if (inputLengths.Length != labels.Count)
        {
            throw new ArgumentException($"Expected one input length per sample, {labels.Count}, got {inputLengths.Length}.", nameof(inputLengths));
        }

        for (var i = 0; i < labels.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(labels[i], nameof(labels));
            if (inputLengths[i] < 0)
            {
                throw new ArgumentException($"Input length {i} is {inputLengths[i]}; expected a length ≥ 0.", nameof(inputLengths));
            }

            if (labels[i].Any(label => label < 0))
            {
                throw new ArgumentException($"Sample {i} has a negative label.", nameof(labels));
            }
        }

        _features = features;
        SampleShape = sampleShape.ToArray();
        SampleSize = sampleSize;
        Labels = labels;
        InputLengths = inputLengths;
    }

    /// <summary>The number of samples.</summary>
    public int Count => Labels.Count;

    /// <summary>The shape of one sample.</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>The number of values in one sample.</summary>
    public int SampleSize { get; }

    /// <summary>Each sample's label sequence.</summary>
    public IReadOnlyList<int[]> Labels { get; }

    /// <summary>Each sample's input length, in model output steps.</summary>
    public IReadOnlyList<int> InputLengths { get; }

    /// <summary>Sample <paramref name="index"/>'s features.</summary>
    public ReadOnlySpan<float> Sample(int index) => _features.AsSpan(index * SampleSize, SampleSize);
}
