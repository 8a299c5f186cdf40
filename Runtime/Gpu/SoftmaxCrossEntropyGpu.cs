using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// The mean softmax cross-entropy of GPU logits [N, K] against class labels, its gradient (softmax − onehot) / N and
/// the number of rows whose largest logit is the label's, in one launch: one thread per row writes its gradient row
/// and adds its share of the loss and its hit into three device totals (atomics: N adds per batch). Nothing comes back
/// to the host until <see cref="Read"/> copies the totals, in one transfer; the labels go up in one. The buffers are
/// the instance's, grown to the largest batch and reused.
/// </summary>
internal sealed class SoftmaxCrossEntropyGpu
{
    // The totals: [0] Σ loss / N, [1] rows predicted right, [2] rows holding a logit that is not finite.
    private const int Totals = 3;

    private static readonly ConditionalWeakTable<Accelerator, Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, float>> Kernels = new();

    private readonly Device _device;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _totals;
    private readonly float[] _host = new float[Totals];
    private MemoryBuffer1D<int, Stride1D.Dense>? _labels;

    /// <summary>Buffers on <paramref name="device"/>, a GPU device.</summary>
    public SoftmaxCrossEntropyGpu(Device device)
    {
        _device = device;
        _totals = device.Accelerator.Allocate1D<float>(Totals);
    }

    /// <summary>
    /// Uploads the labels and queues the launch that writes <paramref name="gradient"/> and the totals; reads nothing
    /// back. The labels must already be checked (kernels cannot throw).
    /// </summary>
    public void Launch(Tensor logits, ReadOnlySpan<int> labels, Tensor gradient, int rows, int classes)
    {
        var accelerator = _device.Accelerator;
        if (_labels is null || _labels.Length < rows)
        {
            _labels?.Dispose();
            _labels = accelerator.Allocate1D<int>(rows);
        }

        HostTransfer.Upload(_device, labels, _labels.View);
        _totals.MemSetToZero();
        var kernel = Kernels.GetValue(accelerator, static a => a.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, float>(RowKernel));
        kernel(rows, logits.View, _labels.View.SubView(0, rows), gradient.View, _totals.View, classes, 1f / rows);
    }

    /// <summary>Copies the totals of the last <see cref="Launch"/> to the host (one transfer): the mean loss, the rows right, the rows not finite.</summary>
    public (float Loss, int Correct, int NotFinite) Read()
    {
        HostTransfer.Download(_device, _totals.View, _host.AsSpan());
        return (_host[0], (int)_host[1], (int)_host[2]);
    }

    /// <summary>Row n: softmax with the row's maximum subtracted, gradient (p − onehot)·scale, loss log Σe − (x_label − max).</summary>
    private static void RowKernel(
        Index1D n, ArrayView<float> logits, ArrayView<int> labels, ArrayView<float> gradient, ArrayView<float> totals,
        int classes, float scale)
    {
        var start = n * classes;
        var label = labels[n];
        var max = float.NegativeInfinity;
        var best = 0;
        var notFinite = false;
        for (var k = 0; k < classes; k++)
        {
            var value = logits[start + k];
            notFinite |= !XMath.IsFinite(value);
            if (value > max)
            {
                max = value;
                best = k;
            }
        }

        var sum = 0f;
        for (var k = 0; k < classes; k++)
        {
            var e = XMath.Exp(logits[start + k] - max);
            gradient[start + k] = e;
            sum += e;
        }

        var inverseSum = 1f / sum;
        for (var k = 0; k < classes; k++)
        {
            gradient[start + k] *= inverseSum * scale;
        }

        gradient[start + label] -= scale;
        Atomic.Add(ref totals[1], best == label ? 1f : 0f);
        if (notFinite)
        {
            // The host refuses the loss from this count. A NaN is never added: ILGPU's CPU accelerator adds floats in a
            // compare-exchange loop that compares values, so a NaN total would make every later add spin forever.
            Atomic.Add(ref totals[2], 1f);
            return;
        }

        Atomic.Add(ref totals[0], (XMath.Log(sum) - (logits[start + label] - max)) * scale);
    }
}
