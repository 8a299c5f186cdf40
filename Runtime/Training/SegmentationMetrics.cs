namespace Strata.Training;

/// <summary>
/// Per-pixel accuracy and mean intersection over union for semantic segmentation, from a confusion matrix accumulated
/// over any number of batches (<see cref="Add"/>).
/// <para>
/// Mean IoU follows d2l's and torchmetrics' convention (<c>MeanIoU</c>, <c>JaccardIndex(average="macro")</c>): the IoU
/// of class c is |predicted c ∩ true c| / |predicted c ∪ true c| over all pixels seen, and the mean runs over the
/// classes whose union is not empty, i.e. those present in the prediction or in the truth; a class absent from both
/// neither helps nor hurts, one predicted but absent counts 0. The background is a class like the others. So predicting
/// background everywhere scores (background fraction) / (1 + the number of other classes present): 0.945 / 11 = 0.0859 on
/// the zoo's MNIST canvases, where 5.5% of the pixels are digits and all ten digits occur.
/// </para>
/// </summary>
public sealed class SegmentationMetrics
{
    private readonly long[] _confusion;

    /// <summary>Counts for <paramref name="classCount"/> classes, labels in [0, classCount).</summary>
    public SegmentationMetrics(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        _confusion = new long[classCount * classCount];
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The pixels counted so far.</summary>
    public long PixelCount { get; private set; }

    /// <summary>
    /// Counts one prediction per pixel against its true label (the same length; labels in [0, <see cref="ClassCount"/>),
    /// <see cref="ArgumentException"/> otherwise).
    /// </summary>
    public void Add(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
    {
        if (predicted.Length != truth.Length)
        {
            throw new ArgumentException($"Expected as many predictions as labels, got {predicted.Length} and {truth.Length}.", nameof(predicted));
        }

        for (var i = 0; i < truth.Length; i++)
        {
            if ((uint)predicted[i] >= (uint)ClassCount || (uint)truth[i] >= (uint)ClassCount)
            {
                throw new ArgumentException(
                    $"Pixel {i}: predicted {predicted[i]}, true {truth[i]}; expected classes in [0, {ClassCount}).");
            }
        }

        for (var i = 0; i < truth.Length; i++)
        {
            _confusion[(truth[i] * ClassCount) + predicted[i]]++;
        }

        PixelCount += truth.Length;
    }

    /// <summary>How many pixels of true class <paramref name="truth"/> were predicted as <paramref name="predicted"/>.</summary>
    public long Count(int truth, int predicted) => _confusion[(CheckClass(truth) * ClassCount) + CheckClass(predicted)];

    /// <summary>The fraction of pixels predicted correctly, in [0, 1]; NaN before any pixel.</summary>
    public double PixelAccuracy
    {
        get
        {
            var correct = 0L;
            for (var c = 0; c < ClassCount; c++)
            {
                correct += _confusion[(c * ClassCount) + c];
            }

            return PixelCount == 0 ? double.NaN : (double)correct / PixelCount;
        }
    }

    /// <summary>
    /// The IoU of <paramref name="classIndex"/>, |predicted ∩ true| / |predicted ∪ true|, or NaN when the class is in
    /// neither.
    /// </summary>
    public double IoU(int classIndex)
    {
        CheckClass(classIndex);
        var intersection = _confusion[(classIndex * ClassCount) + classIndex];
        var truePixels = 0L;
        var predictedPixels = 0L;
        for (var k = 0; k < ClassCount; k++)
        {
            truePixels += _confusion[(classIndex * ClassCount) + k];
            predictedPixels += _confusion[(k * ClassCount) + classIndex];
        }

        var union = truePixels + predictedPixels - intersection;
        return union == 0 ? double.NaN : (double)intersection / union;
    }

    /// <summary>The mean of <see cref="IoU"/> over the classes present in the prediction or the truth; NaN before any pixel.</summary>
    public double MeanIoU
    {
        get
        {
            var (sum, present) = (0.0, 0);
            for (var c = 0; c < ClassCount; c++)
            {
                var iou = IoU(c);
                if (!double.IsNaN(iou))
                {
                    (sum, present) = (sum + iou, present + 1);
                }
            }

            return present == 0 ? double.NaN : sum / present;
        }
    }

    /// <summary>Forgets every count.</summary>
    public void Clear()
    {
        Array.Clear(_confusion);
        PixelCount = 0;
    }

    private int CheckClass(int classIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, ClassCount);
        return classIndex;
    }
}
