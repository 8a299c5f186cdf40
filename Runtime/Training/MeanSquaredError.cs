using System.Runtime.Intrinsics;
using Strata.Cpu;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// The squared error between a prediction and a target of the same shape, summed or averaged as PyTorch's
/// <c>nn.MSELoss(reduction=...)</c>, with its gradient 2(prediction − target) (divided by the element count for the
/// mean). GPU tensors stay on the device: one launch writes the gradient and reduces the loss there
/// (<see cref="MeanSquaredErrorGpu"/>), and only the loss comes back, in one transfer.
/// </summary>
public sealed class MeanSquaredError
{
    private float[] _prediction = [];
    private float[] _target = [];
    private float[] _gradient = [];
    private MeanSquaredErrorGpu? _gpu;

    /// <summary>
    /// Returns the loss and writes d(loss)/d(prediction) into <paramref name="grad"/>. Throws
    /// <see cref="ArgumentException"/> when the shapes differ or the loss is not finite.
    /// </summary>
    public float Compute(Tensor prediction, Tensor target, Tensor grad, Reduction reduction)
    {
        CheckSameShape(prediction, target, nameof(target));
        CheckSameShape(prediction, grad, nameof(grad));
        var length = prediction.Length;
        var scale = reduction switch
        {
            Reduction.Sum => 1.0,
            Reduction.Mean => 1.0 / Math.Max(length, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Expected Mean or Sum."),
        };
        if (prediction.Device.IsGpu && length > 0 && target.Device == prediction.Device && grad.Device == prediction.Device)
        {
            _gpu ??= new MeanSquaredErrorGpu(prediction.Device);
            _gpu.Launch(prediction, target, grad, (float)scale);
            grad.MarkChanged();
            var deviceLoss = _gpu.Read();
            return float.IsFinite(deviceLoss)
                ? deviceLoss
                : throw new ArgumentException(
                    $"The loss is not finite ({deviceLoss}): the prediction or target holds NaN/Inf, or the model diverged.");
        }

        var predicted = HostView(prediction, ref _prediction);
        var expected = HostView(target, ref _target);
        HostTransfer.EnsureCapacity(ref _gradient, length);
        var gradient = grad.Device.IsGpu ? _gradient.AsSpan(0, length) : grad.Span;
        var loss = SquaredErrors(predicted, expected, gradient, 2 * scale) * scale;
        if (!double.IsFinite(loss))
        {
            throw new ArgumentException(
                $"The loss is not finite ({loss}): the prediction or target holds NaN/Inf, or the model diverged.");
        }

        if (grad.Device.IsGpu)
        {
            HostTransfer.CopyFromHost(gradient, grad);
        }

        return (float)loss;
    }

    /// <summary>
    /// Σ (p − t)² in float64, writing <paramref name="gradientScale"/>·(p − t) to <paramref name="gradient"/>. With
    /// AVX-512, 16 values a step into two float64 sums (one serial chain of float64 adds waited on each add's latency:
    /// 0.23 ms for the LSTM case's 287,000 outputs); each gradient value is the one the scalar loop writes.
    /// </summary>
    private static double SquaredErrors(ReadOnlySpan<float> predicted, ReadOnlySpan<float> expected, Span<float> gradient, double gradientScale)
    {
        var length = predicted.Length;
        var i = 0;
        var total = 0.0;
        if (CpuKernels.Vector512)
        {
            var (low, high) = (Vector512<double>.Zero, Vector512<double>.Zero);
            var factor = Vector512.Create(gradientScale);
            for (; i + Vector512<float>.Count <= length; i += Vector512<float>.Count)
            {
                var difference = Vector512.Create(predicted[i..]) - Vector512.Create(expected[i..]);
                var (lower, upper) = Vector512.Widen(difference);
                low = Vector512.FusedMultiplyAdd(lower, lower, low);
                high = Vector512.FusedMultiplyAdd(upper, upper, high);
                Vector512.Narrow(lower * factor, upper * factor).CopyTo(gradient[i..]);
            }

            total = Vector512.Sum(low + high);
        }

        for (; i < length; i++)
        {
            var difference = predicted[i] - expected[i];
            total += (double)difference * difference;
            gradient[i] = (float)(gradientScale * difference);
        }

        return total;
    }

    private static void CheckSameShape(Tensor prediction, Tensor other, string name)
    {
        if (!other.Shape.AsSpan().SequenceEqual(prediction.Shape))
        {
            throw new ArgumentException(
                $"Expected the prediction's shape [{string.Join(", ", prediction.Shape)}], got [{string.Join(", ", other.Shape)}].",
                name);
        }
    }

    private static ReadOnlySpan<float> HostView(Tensor tensor, ref float[] buffer)
    {
        if (!tensor.Device.IsGpu)
        {
            return tensor.Span;
        }

        HostTransfer.EnsureCapacity(ref buffer, tensor.Length);
        HostTransfer.CopyToHost(tensor, buffer);
        return buffer.AsSpan(0, tensor.Length);
    }
}
