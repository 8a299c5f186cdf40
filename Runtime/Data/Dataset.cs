namespace Strata.Data;

/// <summary>
/// Labelled samples for classification: features laid out [count, ..SampleShape] in one float array and one class
/// label per sample. <see cref="Slice"/> gives a view that shares the storage.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;
    private readonly int _start;

    /// <summary>
    /// Wraps <paramref name="features"/> ([count, ..sampleShape]) and <paramref name="labels"/> (count values in
    /// [0, classCount)) without copying them. Throws <see cref="ArgumentException"/> when the lengths disagree.
    /// </summary>
    public Dataset(float[] features, int[] labels, IReadOnlyList<int> sampleShape, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (sampleShape.Count == 0 || sampleShape.Any(dimension => dimension <= 0))
        {
            throw new ArgumentException(
                $"The sample shape must have positive dimensions, got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        }

        if (classCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A dataset needs at least one class.");
        }

        var sampleSize = sampleShape.Aggregate(1L, (product, dimension) => product * dimension);
        if (features.LongLength != labels.LongLength * sampleSize)
        {
            throw new ArgumentException(
                $"Expected {labels.Length} samples × {sampleSize} values ([{labels.Length}, {string.Join(", ", sampleShape)}]) = " +
                $"{labels.LongLength * sampleSize} features, got {features.Length}.", nameof(features));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"Label {i} is {labels[i]}; expected a class in [0, {classCount}).", nameof(labels));
            }
        }

        _features = features;
        _labels = labels;
        _start = 0;
        Count = labels.Length;
        SampleShape = sampleShape.ToArray();
        SampleSize = (int)sampleSize;
        ClassCount = classCount;
    }

    private Dataset(Dataset source, int start, int count)
    {
        _features = source._features;
        _labels = source._labels;
        _start = source._start + start;
        Count = count;
        SampleShape = source.SampleShape;
        SampleSize = source.SampleSize;
        ClassCount = source.ClassCount;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The shape of one sample, e.g. [1, 28, 28].</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>The number of values in one sample.</summary>
    public int SampleSize { get; }

    /// <summary>The number of classes; every label lies in [0, ClassCount).</summary>
    public int ClassCount { get; }

    /// <summary>All features, [Count, ..SampleShape].</summary>
    public ReadOnlySpan<float> Features => _features.AsSpan(_start * SampleSize, Count * SampleSize);

    /// <summary>All labels.</summary>
    public ReadOnlySpan<int> Labels => _labels.AsSpan(_start, Count);

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _features.AsSpan((_start + index) * SampleSize, SampleSize);
    }

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _labels[_start + index];
    }

    /// <summary>The samples [start, start + count), sharing this dataset's storage.</summary>
    public Dataset Slice(int start, int count)
    {
        if (start < 0 || count < 0 || (long)start + count > Count)
        {
            throw new ArgumentException(
                $"Cannot take {count} samples from index {start} of a dataset of {Count} samples.");
        }

        return new Dataset(this, start, count);
    }

    /// <inheritdoc />
    public override string ToString() => $"Dataset[{Count}, {string.Join(", ", SampleShape)}], {ClassCount} classes";
}
