using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The mean softmax cross-entropy of logits [N, K] against class labels, as PyTorch's <c>nn.CrossEntropyLoss</c>,
/// with its gradient (softmax − onehot) / N. On a GPU the loss, its gradient and the count of right predictions are
/// computed on the device in one launch (<see cref="SoftmaxCrossEntropyGpu"/>): the labels go up and the totals come
/// back, one transfer each, and the logits stay where they are. A training step allocates nothing after the first batch
/// of the largest size.
/// </summary>
public sealed class SoftmaxCrossEntropy
{
    private float[] _logits = [];
    private SoftmaxCrossEntropyGpu? _gpu;

    /// <summary>
    /// Returns the mean loss over the batch and writes d(mean loss)/d(logits) into <paramref name="gradLogits"/>
    /// (same shape as <paramref name="logits"/>). Throws <see cref="ArgumentException"/> for an empty batch, mismatched shapes, labels
    /// outside [0, K) or logits that are not finite.
    /// </summary>
    public float Compute(Tensor logits, ReadOnlySpan<int> labels, Tensor gradLogits) => Score(logits, labels, gradLogits).Loss;

    /// <summary>
    /// <see cref="Compute"/> and <see cref="CountCorrect"/> together: the mean loss, the rows scored and the rows whose
    /// largest logit is the label's. On a GPU that is one launch, with one upload (the labels) and one download (the
    /// totals).
    /// </summary>
    public BatchScore Score(Tensor logits, ReadOnlySpan<int> labels, Tensor gradLogits)
    {
        var (rows, classes) = Check(logits, labels);
        if (!gradLogits.Shape.AsSpan().SequenceEqual(logits.Shape))
        {
            throw new ArgumentException(
                $"The gradient must have the logits' shape [{string.Join(", ", logits.Shape)}], got [{string.Join(", ", gradLogits.Shape)}].",
                nameof(gradLogits));
        }

        if (logits.Device.IsGpu)
        {
            GpuTensors.Accelerator(logits, gradLogits);
            _gpu ??= new SoftmaxCrossEntropyGpu(logits.Device);
            _gpu.Launch(logits, labels, gradLogits, rows, classes);
            var (mean, right, notFinite) = _gpu.Read();
            gradLogits.MarkChanged();
            if (notFinite > 0)
            {
                throw new ArgumentException(
                    $"The loss is not finite: {notFinite} of the {rows} rows of logits hold NaN or Inf. The model diverged " +
                    "(try a lower learning rate) or its input holds NaN/Inf.");
            }

            return new BatchScore(mean, rows, right);
        }

        var values = logits.Span;
        var gradient = gradLogits.Span;
        var total = 0.0;
        var scale = 1f / rows;
        for (var n = 0; n < rows; n++)
        {
            var row = values.Slice(n * classes, classes);
            var gradientRow = gradient.Slice(n * classes, classes);
            var max = MaxOf(row, n);

            // Subtracting the row's maximum keeps exp from overflowing; the softmax is unchanged.
            var sum = 0f;
            for (var k = 0; k < classes; k++)
            {
                var e = MathF.Exp(row[k] - max);
                gradientRow[k] = e;
                sum += e;
            }

            var inverseSum = 1f / sum;
            for (var k = 0; k < classes; k++)
            {
                gradientRow[k] *= inverseSum * scale;
            }

            gradientRow[labels[n]] -= scale;
            total += Math.Log(sum) - (row[labels[n]] - max);
        }

        return new BatchScore((float)(total / rows), rows, CountCorrect(logits, labels));
    }

    /// <summary>How many rows of <paramref name="logits"/> [N, K] have their largest value at the label's class.</summary>
    public int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
    {
        var (rows, classes) = Check(logits, labels);
        var values = HostView(logits);
        var correct = 0;
        for (var n = 0; n < rows; n++)
        {
            var row = values.Slice(n * classes, classes);
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            correct += best == labels[n] ? 1 : 0;
        }

        return correct;
    }

    private static (int Rows, int Classes) Check(Tensor logits, ReadOnlySpan<int> labels)
    {
        if (logits.Shape.Length != 2 || logits.Shape[1] == 0)
        {
            throw new ArgumentException(
                $"Expected logits shaped [batch, classes], got [{string.Join(", ", logits.Shape)}].", nameof(logits));
        }

        var (rows, classes) = (logits.Shape[0], logits.Shape[1]);
        if (rows == 0)
        {
            throw new ArgumentException($"The batch is empty, logits [0, {classes}]: the batch must be at least 1.", nameof(logits));
        }

        if (labels.Length != rows)
        {
            throw new ArgumentException(
                $"Expected {rows} labels for logits [{rows}, {classes}], got {labels.Length}.", nameof(labels));
        }

        for (var n = 0; n < rows; n++)
        {
            if ((uint)labels[n] >= (uint)classes)
            {
                throw new ArgumentException(
                    $"Label {n} is {labels[n]}; expected a class in [0, {classes}) for logits [{rows}, {classes}].", nameof(labels));
            }
        }

        return (rows, classes);
    }

    private ReadOnlySpan<float> HostView(Tensor logits)
    {
        if (!logits.Device.IsGpu)
        {
            return logits.Span;
        }

        HostTransfer.EnsureCapacity(ref _logits, logits.Length);
        HostTransfer.CopyToHost(logits, _logits);
        return _logits.AsSpan(0, logits.Length);
    }

    private static float MaxOf(ReadOnlySpan<float> row, int rowIndex)
    {
        var max = float.NegativeInfinity;
        for (var k = 0; k < row.Length; k++)
        {
            if (!float.IsFinite(row[k]))
            {
                throw new ArgumentException(
                    $"The loss is not finite: logit [{rowIndex}, {k}] is {row[k]}. The model diverged (try a lower learning rate) " +
                    "or its input holds NaN/Inf.");
            }

            max = MathF.Max(max, row[k]);
        }

        return max;
    }
}
