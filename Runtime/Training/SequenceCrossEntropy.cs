using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Time-distributed softmax cross-entropy: logits [N, T, V] (batch-first) against a target token per position
/// ([N, T]), averaged over the valid positions, as PyTorch's <c>nn.CrossEntropyLoss</c> on the flattened
/// [N·T, V] logits with padded targets set to <c>ignore_index</c>. With a lengths vector, position t of sequence n is
/// valid when t &lt; lengths[n]; padding contributes neither loss nor gradient. Without one (an empty span) every
/// position is valid, as in d2l's language models. The gradient is (softmax − onehot) / (number of valid positions).
/// On a GPU the loss, its gradient and the right predictions are one launch over the positions
/// (<see cref="MaskedCrossEntropyGpu"/>): the targets and lengths go up, the totals come back, and the logits stay on the
/// device.
/// </summary>
public sealed class SequenceCrossEntropy
{
    private float[] _logits = [];
    private float[] _gradient = [];
    private MaskedCrossEntropyGpu? _gpu;

    /// <summary>
    /// Returns the mean loss over the valid positions and writes d(mean loss)/d(logits) into
    /// <paramref name="gradLogits"/> (the logits' shape; zero at padded positions). The number of positions averaged
    /// over is the sum of <paramref name="lengths"/>, or N × T without them. Throws <see cref="ArgumentException"/> for an
    /// empty batch, mismatched shapes, lengths outside [0, T], no valid position, targets outside [0, V) at valid positions, or
    /// logits that are not finite there.
    /// </summary>
    public float Compute(Tensor logits, ReadOnlySpan<int> targets, Tensor gradLogits, ReadOnlySpan<int> lengths = default)
    {
        var (batch, steps, classes, valid) = Check(logits, targets, lengths);
        if (!gradLogits.Shape.AsSpan().SequenceEqual(logits.Shape))
        {
            throw new ArgumentException(
                $"The gradient must have the logits' shape [{string.Join(", ", logits.Shape)}], got [{string.Join(", ", gradLogits.Shape)}].",
                nameof(gradLogits));
        }

        if (logits.Device.IsGpu && gradLogits.Device == logits.Device)
        {
            return ScoreOnDevice(logits, targets, gradLogits, lengths, steps, classes, valid).Loss;
        }

        var values = HostView(logits);
        HostTransfer.EnsureCapacity(ref _gradient, logits.Length);
        var gradient = gradLogits.Device.IsGpu ? _gradient.AsSpan(0, logits.Length) : gradLogits.Span;

        var total = 0.0;
        var scale = 1f / valid;
        for (var n = 0; n < batch; n++)
        {
            var length = lengths.IsEmpty ? steps : lengths[n];
            for (var t = 0; t < steps; t++)
            {
                var position = n * steps + t;
                var gradientRow = gradient.Slice(position * classes, classes);
                if (t >= length)
                {
                    gradientRow.Clear();
                    continue;
                }

                var row = values.Slice(position * classes, classes);
                var max = MaxOf(row, n, t);

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

                var target = targets[position];
                gradientRow[target] -= scale;
                total += Math.Log(sum) - (row[target] - max);
            }
        }

        if (gradLogits.Device.IsGpu)
        {
            HostTransfer.CopyFromHost(gradient, gradLogits);
        }

        return (float)(total / valid);
    }

    /// <summary>
    /// <see cref="Compute"/> and <see cref="CountCorrect"/> together: the mean loss over the valid positions, how many
    /// valid positions there are and how many have their largest logit at the target. On a GPU that is one launch, with
    /// the targets (and lengths) going up and one download of the totals.
    /// </summary>
    public BatchScore Score(Tensor logits, ReadOnlySpan<int> targets, Tensor gradLogits, ReadOnlySpan<int> lengths = default)
    {
        var (_, steps, classes, valid) = Check(logits, targets, lengths);
        if (logits.Device.IsGpu && gradLogits.Device == logits.Device && gradLogits.Shape.AsSpan().SequenceEqual(logits.Shape))
        {
            return ScoreOnDevice(logits, targets, gradLogits, lengths, steps, classes, valid);
        }

        var loss = Compute(logits, targets, gradLogits, lengths);
        var (correct, total) = CountCorrect(logits, targets, lengths);
        return new BatchScore(loss, total, correct);
    }

    private BatchScore ScoreOnDevice(
        Tensor logits, ReadOnlySpan<int> targets, Tensor gradLogits, ReadOnlySpan<int> lengths, int steps, int classes, int valid)
    {
        _gpu ??= new MaskedCrossEntropyGpu(logits.Device);
        _gpu.Launch(logits, targets, lengths, gradLogits, new PositionLayout(steps, classes, 1, 1), 1f / valid);
        var (loss, correct, notFinite) = _gpu.Read();
        if (notFinite > 0)
        {
            throw new ArgumentException(
                $"The loss is not finite: {notFinite} of the {valid} valid positions hold NaN or Inf logits. The model diverged " +
                "(try a lower learning rate or gradient clipping) or its input holds NaN/Inf.");
        }

        return new BatchScore(loss, valid, correct);
    }

    /// <summary>
    /// Masked token accuracy: how many valid positions have their largest logit at the target, and how many valid
    /// positions there are.
    /// </summary>
    public (int Correct, int Total) CountCorrect(Tensor logits, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths = default)
    {
        var (batch, steps, classes, valid) = Check(logits, targets, lengths);
        var values = HostView(logits);
        var correct = 0;
        for (var n = 0; n < batch; n++)
        {
            var length = lengths.IsEmpty ? steps : lengths[n];
            for (var t = 0; t < length; t++)
            {
                var position = n * steps + t;
                var row = values.Slice(position * classes, classes);
                var best = 0;
                for (var k = 1; k < classes; k++)
                {
                    if (row[k] > row[best])
                    {
                        best = k;
                    }
                }

                correct += best == targets[position] ? 1 : 0;
            }
        }

        return (correct, valid);
    }

    private static (int Batch, int Steps, int Classes, int Valid) Check(Tensor logits, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Shape.Length != 3 || logits.Shape[2] == 0)
        {
            throw new ArgumentException(
                $"Expected logits shaped [batch, steps, classes], got [{string.Join(", ", logits.Shape)}].", nameof(logits));
        }

        var (batch, steps, classes) = (logits.Shape[0], logits.Shape[1], logits.Shape[2]);
        if (batch == 0)
        {
            throw new ArgumentException(
                $"The batch is empty, logits [0, {steps}, {classes}]: the batch must be at least 1.", nameof(logits));
        }

        if (targets.Length != batch * steps)
        {
            throw new ArgumentException(
                $"Expected {batch} × {steps} = {batch * steps} targets for logits [{batch}, {steps}, {classes}], got {targets.Length}.",
                nameof(targets));
        }

        if (!lengths.IsEmpty && lengths.Length != batch)
        {
            throw new ArgumentException($"Expected {batch} lengths, one per sequence, got {lengths.Length}.", nameof(lengths));
        }

        var valid = 0;
        for (var n = 0; n < batch; n++)
        {
            var length = lengths.IsEmpty ? steps : lengths[n];
            if (length < 0 || length > steps)
            {
                throw new ArgumentException($"Length {n} is {length}; expected a length in [0, {steps}].", nameof(lengths));
            }

            for (var t = 0; t < length; t++)
            {
                var target = targets[n * steps + t];
                if ((uint)target >= (uint)classes)
                {
                    throw new ArgumentException(
                        $"Target [{n}, {t}] is {target}; expected a class in [0, {classes}) for logits [{batch}, {steps}, {classes}].",
                        nameof(targets));
                }
            }

            valid += length;
        }

        if (valid == 0)
        {
            throw new ArgumentException("Every sequence has length 0; the mean over no positions is undefined.", nameof(lengths));
        }

        return (batch, steps, classes, valid);
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

    private static float MaxOf(ReadOnlySpan<float> row, int sequence, int step)
    {
        var max = float.NegativeInfinity;
        for (var k = 0; k < row.Length; k++)
        {
            if (!float.IsFinite(row[k]))
            {
                throw new ArgumentException(
                    $"The loss is not finite: logit [{sequence}, {step}, {k}] is {row[k]}. The model diverged (try a lower " +
                    "learning rate or gradient clipping) or its input holds NaN/Inf.");
            }

            max = MathF.Max(max, row[k]);
        }

        return max;
    }
}
