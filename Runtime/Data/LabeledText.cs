namespace Strata.Data;

/// <summary>
/// Texts with one class label each, in file order, e.g. sentiment-labelled sentences. <see cref="Split"/> cuts it into
/// a leading training part and a trailing test part without shuffling, so the split is the same on every run.
/// </summary>
public sealed class LabeledText
{
    private readonly string[] _texts;
    private readonly int[] _labels;

    /// <summary>
    /// Pairs <paramref name="texts"/> with <paramref name="labels"/> (values in [0, <paramref name="classCount"/>)),
    /// copying both. Throws <see cref="ArgumentException"/> when the counts differ or a label is out of range.
    /// </summary>
    public LabeledText(IReadOnlyList<string> texts, IReadOnlyList<int> labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (texts.Count != labels.Count)
        {
            throw new ArgumentException($"Expected one label per text ({texts.Count}), got {labels.Count} labels.", nameof(labels));
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; expected a class in [0, {classCount}).", nameof(labels));
            }

            ArgumentNullException.ThrowIfNull(texts[i], nameof(texts));
        }

        _texts = [.. texts];
        _labels = [.. labels];
        ClassCount = classCount;
    }

    /// <summary>The number of texts.</summary>
    public int Count => _texts.Length;

    /// <summary>The number of classes; every label lies in [0, ClassCount).</summary>
    public int ClassCount { get; }

    /// <summary>The texts, in order.</summary>
    public IReadOnlyList<string> Texts => _texts;

    /// <summary>The label of each text.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>
    /// The first ⌊Count × <paramref name="trainFraction"/>⌉ texts (rounded to the nearest) for training and the rest for
    /// testing, e.g. 0.8 gives the first 80% and the last 20%.
    /// </summary>
    public (LabeledText Train, LabeledText Test) Split(double trainFraction)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "Expected a fraction strictly between 0 and 1.");
        }

        var trainCount = (int)Math.Round(Count * trainFraction, MidpointRounding.AwayFromZero);
        return (
            new LabeledText(_texts[..trainCount], _labels[..trainCount], ClassCount),
            new LabeledText(_texts[trainCount..], _labels[trainCount..], ClassCount));
    }

    /// <inheritdoc />
    public override string ToString() => $"LabeledText({Count} texts, {ClassCount} classes)";
}
