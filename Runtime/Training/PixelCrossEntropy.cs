using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The per-pixel softmax cross-entropy of a score map [N, C, H, W] against one class label per pixel ([N, H, W], laid
/// out n·H·W + y·W + x), as PyTorch's <c>nn.CrossEntropyLoss</c> on 4-D input: the softmax runs over the channel axis
/// C at each pixel, and the loss is the mean over all N·H·W pixels (or their sum) of log Σ_c exp(s_c) − s_label. Its
/// gradient at a pixel is softmax − onehot(label), divided by N·H·W for the mean. On a GPU the loss and its gradient
/// are one launch, a thread per pixel (<see cref="MaskedCrossEntropyGpu"/>): the labels go up, the loss comes back, and
/// the scores stay on the device.
/// </summary>
public sealed class PixelCrossEntropy
{
    private float[] _scores = [];
    private float[] _gradient = [];
    private MaskedCrossEntropyGpu? _gpu;

    /// <summary>
    /// Returns the loss and writes d(loss)/d(scores) into <paramref name="gradScores"/> (the scores' shape). Throws
    /// <see cref="ArgumentException"/> for a score map that is not [N, C, H, W] with N, C ≥ 1, mismatched shapes, labels
    /// outside [0, C) or scores that are not finite.
    /// </summary>
    public float Compute(Tensor scores, ReadOnlySpan<int> labels, Tensor gradScores, Reduction reduction = Reduction.Mean)
    {
        var (batch, classes, plane) = Check(scores, labels);
        if (!gradScores.Shape.AsSpan().SequenceEqual(scores.Shape))
        {
            throw new ArgumentException(
                $"The gradient must have the scores' shape [{string.Join(", ", scores.Shape)}], got [{string.Join(", ", gradScores.Shape)}].",
                nameof(gradScores));
        }

        var scale = reduction switch
        {
            Reduction.Mean => 1.0 / ((long)batch * plane),
            Reduction.Sum => 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Expected Mean or Sum."),
        };
        if (scores.Device.IsGpu && gradScores.Device == scores.Device)
        {
            _gpu ??= new MaskedCrossEntropyGpu(scores.Device);
            _gpu.Launch(scores, labels, default, gradScores, new PositionLayout(plane, classes, plane, 0), (float)scale);
            var (loss, _, notFinite) = _gpu.Read();
            if (notFinite > 0)
            {
                throw new ArgumentException(
                    $"The loss is not finite: {notFinite} of the {batch * plane} pixels hold a NaN or Inf score. The model diverged " +
                    "(try a lower learning rate) or its input holds NaN/Inf.");
            }

            return loss;
        }

        var values = HostView(scores);
        HostTransfer.EnsureCapacity(ref _gradient, scores.Length);
        var gradient = gradScores.Device.IsGpu ? _gradient.AsSpan(0, scores.Length) : gradScores.Span;
        var total = 0.0;
        for (var n = 0; n < batch; n++)
        {
            var map = values.Slice(n * classes * plane, classes * plane);
            var gradientMap = gradient.Slice(n * classes * plane, classes * plane);
            var pixelLabels = labels.Slice(n * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                // Subtracting the pixel's maximum keeps exp from overflowing; the softmax is unchanged.
                var max = float.NegativeInfinity;
                for (var c = 0; c < classes; c++)
                {
                    var s = map[(c * plane) + p];
                    if (!float.IsFinite(s))
                    {
                        throw new ArgumentException(
                            $"The loss is not finite: score [{n}, {c}, pixel {p}] is {s}. The model diverged (try a lower learning rate) " +
                            "or its input holds NaN/Inf.");
                    }

                    max = MathF.Max(max, s);
                }

                var sum = 0.0;
                for (var c = 0; c < classes; c++)
                {
                    var e = Math.Exp(map[(c * plane) + p] - max);
                    gradientMap[(c * plane) + p] = (float)e;
                    sum += e;
                }

                var factor = scale / sum;
                for (var c = 0; c < classes; c++)
                {
                    gradientMap[(c * plane) + p] = (float)(gradientMap[(c * plane) + p] * factor);
                }

                var label = pixelLabels[p];
                gradientMap[(label * plane) + p] -= (float)scale;
                total += Math.Log(sum) - (map[(label * plane) + p] - max);
            }
        }

        if (gradScores.Device.IsGpu)
        {
            HostTransfer.CopyFromHost(gradient, gradScores);
        }

        return (float)(total * scale);
    }

    /// <summary>
    /// Writes each pixel's predicted class, the channel with the largest score (the first on a tie), into
    /// <paramref name="predicted"/> ([N, H, W], as the labels).
    /// </summary>
    public void Predict(Tensor scores, Span<int> predicted)
    {
        var (batch, classes, plane) = CheckScores(scores);
        if (predicted.Length != batch * plane)
        {
            throw new ArgumentException(
                $"Expected room for {batch * plane} predictions ([{batch}, {plane} pixels]), got {predicted.Length}.", nameof(predicted));
        }

        var values = HostView(scores);
        for (var n = 0; n < batch; n++)
        {
            var map = values.Slice(n * classes * plane, classes * plane);
            for (var p = 0; p < plane; p++)
            {
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    if (map[(c * plane) + p] > map[(best * plane) + p])
                    {
                        best = c;
                    }
                }

                predicted[(n * plane) + p] = best;
            }
        }
    }

    private static (int Batch, int Classes, int Plane) CheckScores(Tensor scores)
    {
        if (scores.Shape.Length != 4 || scores.Shape[0] == 0 || scores.Shape[1] == 0)
        {
            throw new ArgumentException(
                $"Expected scores shaped [batch, classes, height, width] with a batch and classes, got [{string.Join(", ", scores.Shape)}].",
                nameof(scores));
        }

        return (scores.Shape[0], scores.Shape[1], scores.Shape[2] * scores.Shape[3]);
    }

    private static (int Batch, int Classes, int Plane) Check(Tensor scores, ReadOnlySpan<int> labels)
    {
        var (batch, classes, plane) = CheckScores(scores);
        if (labels.Length != batch * plane)
        {
            throw new ArgumentException(
                $"Expected {batch * plane} labels ([{batch}, {scores.Shape[2]}, {scores.Shape[3]}]) for scores [{string.Join(", ", scores.Shape)}], got {labels.Length}.",
                nameof(labels));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException(
                    $"Label {i} (sample {i / Math.Max(plane, 1)}, pixel {i % Math.Max(plane, 1)}) is {labels[i]}; expected a class in [0, {classes}).",
                    nameof(labels));
            }
        }

        return (batch, classes, plane);
    }

    private ReadOnlySpan<float> HostView(Tensor scores)
    {
        if (!scores.Device.IsGpu)
        {
            return scores.Span;
        }

        HostTransfer.EnsureCapacity(ref _scores, scores.Length);
        HostTransfer.CopyToHost(scores, _scores);
        return _scores.AsSpan(0, scores.Length);
    }
}
