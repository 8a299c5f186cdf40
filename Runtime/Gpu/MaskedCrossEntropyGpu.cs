using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Softmax cross-entropy over many positions of GPU logits in one launch, one thread per position: the per-step
/// (sequence) cross-entropy of logits [N, T, V] with lengths masking the padding, and the per-pixel cross-entropy of
/// score maps [N, C, H, W] with the class axis strided by the plane. Each thread finds its position's class values
/// (<see cref="PositionLayout"/>), writes its gradient (softmax − onehot)·scale (zero at a padded position), and adds
/// its loss·scale, its hit and a not-finite flag into three device totals. Nothing comes back to the host until
/// <see cref="Read"/> copies the totals, in one transfer; the labels (and lengths, when given) go up in one each.
/// A position holding a non-finite logit adds to the not-finite count, never its NaN (see <see cref="PositionKernel"/>).
/// </summary>
internal sealed class MaskedCrossEntropyGpu
{
    private const int Totals = 3;

    private static readonly ConditionalWeakTable<Accelerator, Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, PositionLayout, float>> Kernels = new();

    private readonly Device _device;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _totals;
    private readonly float[] _host = new float[Totals];
    private MemoryBuffer1D<int, Stride1D.Dense>? _labels;
    private MemoryBuffer1D<int, Stride1D.Dense>? _lengths;

    /// <summary>Buffers on <paramref name="device"/>, a GPU device.</summary>
    public MaskedCrossEntropyGpu(Device device)
    {
        _device = device;
        _totals = device.Accelerator.Allocate1D<float>(Totals);
    }

    /// <summary>
    /// Uploads the labels (one per position, position order) and the lengths (one per sample; empty: every position
    /// valid) and queues the launch that writes <paramref name="gradient"/> and the totals. Labels and lengths must
    /// already be checked (kernels cannot throw).
    /// </summary>
    public void Launch(Tensor logits, ReadOnlySpan<int> labels, ReadOnlySpan<int> lengths, Tensor gradient, PositionLayout layout, float scale)
    {
        var accelerator = _device.Accelerator;
        Grow(ref _labels, labels.Length);
        HostTransfer.Upload(_device, labels, _labels!.View);
        if (!lengths.IsEmpty)
        {
            Grow(ref _lengths, lengths.Length);
            HostTransfer.Upload(_device, lengths, _lengths!.View);
        }
        else
        {
            Grow(ref _lengths, 1);
            layout = layout with { Masked = 0 };
        }

        _totals.MemSetToZero();
        var kernel = Kernels.GetValue(accelerator, static a => a.LoadAutoGroupedStreamKernel<
            Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, PositionLayout, float>(PositionKernel));
        kernel(labels.Length, logits.View, _labels.View, _lengths!.View, gradient.View, _totals.View, layout, scale);
        gradient.MarkChanged();
    }

    /// <summary>Copies the totals of the last <see cref="Launch"/> (one transfer): Σ loss·scale, the valid positions right, the valid positions not finite.</summary>
    public (float Loss, int Correct, int NotFinite) Read()
    {
        HostTransfer.Download(_device, _totals.View, _host.AsSpan());
        return (_host[0], (int)_host[1], (int)_host[2]);
    }

    private void Grow(ref MemoryBuffer1D<int, Stride1D.Dense>? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = _device.Accelerator.Allocate1D<int>(Math.Max(length, 1));
        }
    }

    /// <summary>
    /// Position i = sample·PerSample + offset: class c of it sits at base + c·ClassStride, with base =
    /// sample·Classes·PerSample + offset·(ClassStride == 1 ? Classes : 1). A position
    /// is padding when Masked and offset ≥ lengths[sample]: its gradient is zero and it adds nothing.
    /// </summary>
    internal static void PositionKernel(
        Index1D i, ArrayView<float> logits, ArrayView<int> labels, ArrayView<int> lengths, ArrayView<float> gradient,
        ArrayView<float> totals, PositionLayout layout, float scale)
    {
        var sample = i / layout.PerSample;
        var offset = i - (sample * layout.PerSample);
        var classes = layout.Classes;
        var stride = layout.ClassStride;
        var start = (sample * classes * layout.PerSample) + (stride == 1 ? offset * classes : offset);
        if (layout.Masked != 0 && offset >= lengths[sample])
        {
            for (var k = 0; k < classes; k++)
            {
                gradient[start + (k * stride)] = 0f;
            }

            return;
        }

        var label = labels[i];
        var max = float.NegativeInfinity;
        var best = 0;
        var notFinite = false;
        for (var k = 0; k < classes; k++)
        {
            var value = logits[start + (k * stride)];
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
            var e = XMath.Exp(logits[start + (k * stride)] - max);
            gradient[start + (k * stride)] = e;
            sum += e;
        }

        var inverseSum = 1f / sum;
        for (var k = 0; k < classes; k++)
        {
            gradient[start + (k * stride)] *= inverseSum * scale;
        }

        gradient[start + (label * stride)] -= scale;
        Atomic.Add(ref totals[1], best == label ? 1f : 0f);
        if (notFinite)
        {
            // A NaN is never added: ILGPU's CPU accelerator adds floats in a compare-exchange loop that compares values,
            // so a NaN total would make every later add spin forever. The host refuses the loss from this count.
            Atomic.Add(ref totals[2], 1f);
            return;
        }

        Atomic.Add(ref totals[0], (XMath.Log(sum) - (logits[start + (label * stride)] - max)) * scale);
    }
}

/// <summary>
/// Where <see cref="MaskedCrossEntropyGpu.PositionKernel"/> finds a position's classes: <see cref="PerSample"/>
/// positions per sample (T steps, or H·W pixels), <see cref="Classes"/> classes, consecutive (<see cref="ClassStride"/> 1,
/// [N, T, V]) or a plane apart (stride H·W, [N, C, H, W]); <see cref="Masked"/> 1 when lengths mask the positions.
/// </summary>
internal readonly record struct PositionLayout(int PerSample, int Classes, int ClassStride, int Masked);
