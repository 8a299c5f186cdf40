using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// The CTC loss (<see cref="Training.CtcLoss"/>) of GPU logits [batch, T, classes] in two launches and two transfers:
/// one explicitly grouped launch with a thread group per sequence (<see cref="SequenceKernel"/>: log-softmax of its valid
/// rows, the forward (α) and backward (β) recursions over the extended labels in log space and float64 with a group
/// barrier per step, then softmax − posterior into the gradient), and a one-thread launch (<see cref="FinishKernel"/>) that
/// reduces the per-sequence losses as the CPU does. The labels, input lengths and target lengths go up packed in one
/// upload; the reduced loss (with each sequence's loss when asked) comes back in one download. Nothing is added
/// atomically: a sequence holding a non-finite logit at a valid step is flagged instead, and the host refuses the loss.
/// </summary>
internal sealed class CtcLossGpu
{
    /// <summary>results[0]: the reduced loss; results[1]: sequences with a non-finite logit; then the losses, then the flags.</summary>
    private const int Head = 2;

    private static readonly ConditionalWeakTable<Accelerator, Kernels> Cache = new();

    private readonly Device _device;
    private readonly Kernels _kernels;
    private MemoryBuffer1D<int, Stride1D.Dense>? _arguments;
    private MemoryBuffer1D<float, Stride1D.Dense>? _results;
    private MemoryBuffer1D<double, Stride1D.Dense>? _scratch;
    private int[] _packed = [];
    private float[] _host = [];
    private int _batch;

    /// <summary>Kernels (loaded once per accelerator) and buffers on <paramref name="device"/>, a GPU device.</summary>
    public CtcLossGpu(Device device)
    {
        _device = device;
        _kernels = Cache.GetValue(device.Accelerator, static a => new Kernels(a));
    }

    /// <summary>
    /// Uploads the arguments (one transfer) and queues both launches, writing <paramref name="gradient"/> (zero past each
    /// input length and for an impossible alignment) when it is not null. Everything must already be checked (kernels
    /// cannot throw).
    /// </summary>
    public void Launch(
        Tensor logits, Tensor? gradient, ReadOnlySpan<int> targets, ReadOnlySpan<int> inputLengths, ReadOnlySpan<int> targetLengths,
        int blank, bool zeroInfinity, bool mean)
    {
        var (batch, steps, classes) = (logits.Shape[0], logits.Shape[1], logits.Shape[2]);
        var maxExtended = 1;
        var packedLength = (3 * batch) + targets.Length;
        if (_packed.Length < packedLength)
        {
            _packed = new int[packedLength];
        }

        var offset = 0;
        for (var n = 0; n < batch; n++)
        {
            _packed[n] = offset;
            _packed[batch + n] = inputLengths[n];
            _packed[(2 * batch) + n] = targetLengths[n];
            offset += targetLengths[n];
            maxExtended = Math.Max(maxExtended, (2 * targetLengths[n]) + 1);
        }

        targets.CopyTo(_packed.AsSpan(3 * batch));
        var stride = (long)steps * (classes + (2 * maxExtended));
        Grow(ref _arguments, packedLength);
        Grow(ref _results, Head + (2 * batch));
        Grow(ref _scratch, stride * batch);
        HostTransfer.Upload(_device, (ReadOnlySpan<int>)_packed.AsSpan(0, packedLength), _arguments!.View);

        var layout = new CtcLayout(
            batch, steps, classes, blank, maxExtended, stride, zeroInfinity ? 1 : 0, mean ? 1 : 0, gradient is null ? 0 : 1,
            mean ? 1.0 / batch : 1.0);
        var gradientView = gradient?.View ?? logits.View; // never written without a gradient
        _kernels.Sequence(_kernels.PerSequence(batch, Math.Max(maxExtended, steps)), logits.View, gradientView, _scratch!.View, _arguments.View, _results!.View, layout);
        _kernels.Finish(1, _arguments.View, _results.View, layout);
        gradient?.MarkChanged();
        _batch = batch;
    }

    /// <summary>
    /// Copies the result of the last <see cref="Launch"/> (one transfer, with each sequence's loss into
    /// <paramref name="losses"/> when it is not empty): the reduced loss and how many sequences hold a non-finite logit.
    /// </summary>
    public (float Loss, int NotFinite) Read(Span<float> losses)
    {
        var count = Head + (losses.IsEmpty ? 0 : _batch);
        if (_host.Length < count)
        {
            _host = new float[count];
        }

        HostTransfer.Download(_device, _results!.View.SubView(0, count), _host.AsSpan(0, count));
        if (!losses.IsEmpty)
        {
            _host.AsSpan(Head, _batch).CopyTo(losses);
        }

        return (_host[0], (int)_host[1]);
    }

    private void Grow<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length)
        where T : unmanaged
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer?.Dispose();
            buffer = _device.Accelerator.Allocate1D<T>(Math.Max(length, 1));
        }
    }

    /// <summary>
    /// Group Grid.IdxX = sequence n. arguments: offsets [batch], input lengths [batch], target lengths [batch], then the
    /// labels concatenated. The scratch of sequence n (layout.Stride doubles) holds log p [T, classes], α [T, S] and β
    /// [T, S] with S the longest extended label sequence. Threads stride over rows (log-softmax), over the extended labels
    /// s (one row of α or β between barriers) and over (t, k) (the gradient, each summing its class's α·β over s, so
    /// nothing is scattered).
    /// </summary>
    internal static void SequenceKernel(
        ArrayView<float> logits, ArrayView<float> gradient, ArrayView<double> scratch, ArrayView<int> arguments, ArrayView<float> results,
        CtcLayout layout)
    {
        var n = Grid.IdxX;
        var thread = Group.IdxX;
        var threads = Group.DimX;
        var batch = layout.Batch;
        var classes = layout.Classes;
        var steps = layout.Steps;
        var length = arguments[batch + n];
        var labelCount = arguments[(2 * batch) + n];
        var labels = (3 * batch) + arguments[n];
        var extended = (2 * labelCount) + 1;
        var rows = n * steps * classes;
        var table = n * layout.Stride;
        var alpha = table + ((long)steps * classes);
        var beta = alpha + ((long)steps * layout.Extended);

        if (layout.WithGradient != 0)
        {
            for (var i = thread; i < steps * classes; i += threads)
            {
                gradient[rows + i] = 0f;
            }
        }

        var notFinite = false;
        for (var t = thread; t < length; t += threads)
        {
            var row = rows + (t * classes);
            var max = double.NegativeInfinity;
            for (var k = 0; k < classes; k++)
            {
                var value = logits[row + k];
                notFinite |= !XMath.IsFinite(value);
                max = XMath.Max(max, (double)value);
            }

            var sum = 0.0;
            for (var k = 0; k < classes; k++)
            {
                sum += XMath.Exp(logits[row + k] - max);
            }

            var logSum = max + XMath.Log(sum);
            for (var k = 0; k < classes; k++)
            {
                scratch[table + (t * classes) + k] = logits[row + k] - logSum;
            }
        }

        if (Group.BarrierOr(notFinite))
        {
            Finish(results, batch, n, thread, 0.0, 1f);
            return;
        }

        var infinite = layout.ZeroInfinity != 0 ? 0.0 : double.PositiveInfinity;
        if (length == 0)
        {
            // No steps: only the empty label sequence has an alignment, the empty one, of probability 1.
            Finish(results, batch, n, thread, labelCount == 0 ? 0.0 : infinite, 0f);
            return;
        }

        for (var s = thread; s < extended; s += threads)
        {
            scratch[alpha + s] = s == 0 ? scratch[table + layout.Blank]
                : s == 1 ? scratch[table + arguments[labels]]
                : double.NegativeInfinity;
        }

        Group.Barrier();
        for (var t = 1; t < length; t++)
        {
            var previous = alpha + ((t - 1) * extended);
            var emissions = table + (t * classes);
            for (var s = thread; s < extended; s += threads)
            {
                var sum = scratch[previous + s];
                if (s >= 1)
                {
                    sum = LogAdd(sum, scratch[previous + s - 1]);
                }

                if (CanSkip(arguments, labels, s))
                {
                    sum = LogAdd(sum, scratch[previous + s - 2]);
                }

                scratch[alpha + (t * extended) + s] = sum + scratch[emissions + Label(arguments, labels, s, layout.Blank)];
            }

            Group.Barrier();
        }

        var last = alpha + ((length - 1) * extended);
        var logLikelihood = extended > 1 ? LogAdd(scratch[last + extended - 1], scratch[last + extended - 2]) : scratch[last];
        if (logLikelihood == double.NegativeInfinity)
        {
            Finish(results, batch, n, thread, infinite, 0f);
            return;
        }

        if (layout.WithGradient == 0)
        {
            Finish(results, batch, n, thread, -logLikelihood, 0f);
            return;
        }

        var final = (length - 1) * extended;
        var lastEmissions = table + ((length - 1) * classes);
        for (var s = thread; s < extended; s += threads)
        {
            scratch[beta + final + s] = s == extended - 1 ? scratch[lastEmissions + layout.Blank]
                : s == extended - 2 ? scratch[lastEmissions + arguments[labels + labelCount - 1]]
                : double.NegativeInfinity;
        }

        Group.Barrier();
        for (var t = length - 2; t >= 0; t--)
        {
            var next = beta + ((t + 1) * extended);
            var emissions = table + (t * classes);
            for (var s = thread; s < extended; s += threads)
            {
                var sum = scratch[next + s];
                if (s + 1 < extended)
                {
                    sum = LogAdd(sum, scratch[next + s + 1]);
                }

                if (s + 2 < extended && CanSkip(arguments, labels, s + 2))
                {
                    sum = LogAdd(sum, scratch[next + s + 2]);
                }

                scratch[beta + (t * extended) + s] = sum + scratch[emissions + Label(arguments, labels, s, layout.Blank)];
            }

            Group.Barrier();
        }

        // d(−log p)/d(logit[t, k]) = softmax[t, k] − Σ_{s: label s = k} α[t, s] β[t, s] / (p · softmax[t, k]), both α and β
        // holding the emission at t. The same thread zeroed this element above (same stride), so no barrier is needed.
        var scale = layout.Mean != 0 ? layout.Scale / XMath.Max(labelCount, 1) : layout.Scale;
        for (var i = thread; i < length * classes; i += threads)
        {
            var t = i / classes;
            var k = i - (t * classes);
            var occupancy = double.NegativeInfinity;
            for (var s = 0; s < extended; s++)
            {
                if (Label(arguments, labels, s, layout.Blank) == k)
                {
                    occupancy = LogAdd(occupancy, scratch[alpha + (t * extended) + s] + scratch[beta + (t * extended) + s]);
                }
            }

            var emission = scratch[table + i];
            var posterior = occupancy == double.NegativeInfinity ? 0.0 : XMath.Exp(occupancy - logLikelihood - emission);
            gradient[rows + i] = (float)(scale * (XMath.Exp(emission) - posterior));
        }

        Finish(results, batch, n, thread, -logLikelihood, 0f);
    }

    /// <summary>
    /// One thread: results[0] = Σ loss / max(target length, 1) / batch (mean) or Σ loss (sum, none), in float64 and
    /// sequence order as on the CPU; results[1] = the sequences flagged not finite.
    /// </summary>
    internal static void FinishKernel(Index1D i, ArrayView<int> arguments, ArrayView<float> results, CtcLayout layout)
    {
        var batch = layout.Batch;
        var total = 0.0;
        var notFinite = 0f;
        for (var n = 0; n < batch; n++)
        {
            var loss = (double)results[Head + n];
            total += layout.Mean != 0 ? loss / XMath.Max(arguments[(2 * batch) + n], 1) : loss;
            notFinite += results[Head + batch + n];
        }

        results[0] = (float)(layout.Mean != 0 ? total / batch : total);
        results[1] = notFinite;
    }

    private static void Finish(ArrayView<float> results, int batch, int n, int thread, double loss, float notFinite)
    {
        if (thread == 0)
        {
            results[Head + n] = (float)loss;
            results[Head + batch + n] = notFinite;
        }
    }

    /// <summary>log(eᵃ + eᵇ) as <see cref="Training.LogSpace.Add"/>: −∞ is the identity, so −∞ − −∞ (NaN) never arises.</summary>
    private static double LogAdd(double a, double b)
    {
        if (a == double.NegativeInfinity)
        {
            return b;
        }

        if (b == double.NegativeInfinity)
        {
            return a;
        }

        return a > b ? a + XMath.Log(1 + XMath.Exp(b - a)) : b + XMath.Log(1 + XMath.Exp(a - b));
    }

    /// <summary>Extended label s: the blank at even s, label (s − 1) / 2 at odd s.</summary>
    private static int Label(ArrayView<int> arguments, int labels, int s, int blank) => (s & 1) == 0 ? blank : arguments[labels + (s >> 1)];

    /// <summary>A skip from s − 2 into a label that differs from the label before it (never into a blank).</summary>
    private static bool CanSkip(ArrayView<int> arguments, int labels, int s) =>
        (s & 1) == 1 && s >= 3 && arguments[labels + (s >> 1)] != arguments[labels + (s >> 1) - 1];

    /// <summary>The two kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<int>, ArrayView<float>, CtcLayout> Sequence { get; } =
            accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<double>, ArrayView<int>, ArrayView<float>, CtcLayout>(SequenceKernel);

        public Action<Index1D, ArrayView<int>, ArrayView<float>, CtcLayout> Finish { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, CtcLayout>(FinishKernel);

        /// <summary>
        /// One group per sequence: one warp on ILGPU's CPU accelerator (its barriers cost about 1.7 ms each); on a GPU a
        /// power of two from a warp up to 128 threads covering the extended labels or the steps.
        /// </summary>
        public KernelConfig PerSequence(int batch, int width)
        {
            var size = accelerator.WarpSize;
            if (accelerator.AcceleratorType != AcceleratorType.CPU)
            {
                var limit = Math.Min(128, accelerator.MaxNumThreadsPerGroup);
                while (size < width && size * 2 <= limit)
                {
                    size *= 2;
                }
            }

            return new KernelConfig(batch, size);
        }
    }
}

/// <summary>
/// What <see cref="CtcLossGpu.SequenceKernel"/> needs: the logits' shape, the blank, the longest extended label sequence
/// (<see cref="Extended"/>) and the scratch per sequence (<see cref="Stride"/> doubles), the options as 0/1 flags, and the
/// reduction's scale (1/batch for the mean, else 1).
/// </summary>
internal readonly record struct CtcLayout(
    int Batch, int Steps, int Classes, int Blank, int Extended, long Stride, int ZeroInfinity, int Mean, int WithGradient, double Scale);
