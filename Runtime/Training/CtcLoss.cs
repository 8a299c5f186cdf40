using Strata.Cpu;
using Strata.Gpu;

namespace Strata.Training;

/// <summary>
/// Connectionist temporal classification (Graves et al., 2006) with PyTorch's <c>nn.CTCLoss</c> semantics: it reads a
/// model's per-step logits [batch, T, classes] (batch-first, unnormalised: it applies log-softmax itself), each sequence's
/// input length (≤ T; later steps are ignored and get a zero gradient) and its label sequence (the labels of all
/// sequences concatenated, as PyTorch's 1-D targets, with a length per sequence), sums the probability of every alignment
/// that collapses to the labels (merge repeats, then drop blanks) with the forward–backward recursions in log space and
/// float64, and returns the loss −log p(labels | input) reduced as <see cref="Reduction"/> says, with its gradient with
/// respect to the logits, ready for the model's Backward.
/// <para>
/// <see cref="Reduction.Mean"/> (the default) divides each sequence's loss by its label length (at least 1) and then takes
/// the batch mean; <see cref="Reduction.Sum"/> sums the losses; <see cref="Reduction.None"/> writes each loss and returns
/// their sum. A sequence no alignment can produce (too few steps for its labels and the blanks its repeats need) has an
/// infinite loss; with <see cref="ZeroInfinity"/> its loss and gradient are zero instead, otherwise its gradient is zero
/// and the loss is +∞ (PyTorch's gradient is not finite there). Sequences run in parallel; the per-sequence tables are
/// kept between calls, so a steady-state step allocates only the parallel loop's closure. On a GPU device the loss runs
/// there (<see cref="CtcLossGpu"/>: a thread group per sequence, the same recursions in float64): the labels and lengths go
/// up in one transfer and the loss comes back in one, the logits and the gradient stay on the device; a non-finite logit
/// at a valid step is refused after the launch, with the count of sequences holding one.
/// </para>
/// </summary>
public sealed class CtcLoss
{
    private float[] _logits = [];
    private float[] _gradient = [];
    private double[][] _tables = [];
    private double[] _losses = [];
    private int[] _targets = [];
    private int[] _offsets = [];
    private int[] _inputLengths = [];
    private int[] _targetLengths = [];
    private CtcLossGpu? _gpu;

    /// <summary>A CTC loss whose blank is <paramref name="blank"/>, reduced as <paramref name="reduction"/> says.</summary>
    public CtcLoss(int blank = 0, Reduction reduction = Reduction.Mean, bool zeroInfinity = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(blank);
        if (!Enum.IsDefined(reduction))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Expected Mean, Sum or None.");
        }

        Blank = blank;
        Reduction = reduction;
        ZeroInfinity = zeroInfinity;
    }

    /// <summary>The class index of the blank (0 by default, as PyTorch's).</summary>
    public int Blank { get; }

    /// <summary>How the per-sequence losses are combined.</summary>
    public Reduction Reduction { get; }

    /// <summary>Whether an infinite loss (an impossible alignment) and its gradient become zero.</summary>
    public bool ZeroInfinity { get; }

    /// <summary>
    /// Returns the reduced loss of <paramref name="logits"/> [batch, T, classes] for the labels <paramref name="targets"/>
    /// (all sequences' labels concatenated; sequence n has <paramref name="targetLengths"/>[n] of them, none the blank) and
    /// the input lengths <paramref name="inputLengths"/> (each in [0, T]), and writes d(loss)/d(logits) into
    /// <paramref name="gradLogits"/> (the logits' shape, or null for the loss alone). <paramref name="losses"/>, when
    /// given (batch entries), receives each sequence's unreduced loss. Throws <see cref="ArgumentException"/> for a wrong
    /// shape or count, a length out of range, a label out of range or equal to the blank, or a logit that is not finite at
    /// a valid step.
    /// </summary>
    public float Compute(
        Tensor logits, ReadOnlySpan<int> targets, ReadOnlySpan<int> inputLengths, ReadOnlySpan<int> targetLengths,
        Tensor? gradLogits, Span<float> losses = default)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Device.IsGpu && (gradLogits is null || gradLogits.Device == logits.Device))
        {
            return ComputeOnDevice(logits, targets, inputLengths, targetLengths, gradLogits, losses);
        }

        var values = HostView(logits);
        var (batch, steps, classes) = Check(logits, values, targets, inputLengths, targetLengths, gradLogits, losses);
        float[] gradient = [];
        if (gradLogits is not null)
        {
            // Computed in a host array and then copied into the tensor, on either device.
            HostTransfer.EnsureCapacity(ref _gradient, logits.Length);
            gradient = _gradient;
        }

        CopyArguments(batch, targets, inputLengths, targetLengths);
        var mean = Reduction == Reduction.Mean;
        var body = new Sequences
        {
            Values = values, Gradient = gradient, Losses = _losses, Tables = _tables, Targets = _targets, Offsets = _offsets,
            InputLengths = _inputLengths, TargetLengths = _targetLengths, Steps = steps, Classes = classes, Blank = Blank,
            ZeroInfinity = ZeroInfinity, Scale = mean ? 1.0 / batch : 1.0, Mean = mean, WithGradient = gradLogits is not null,
        };
        CpuParallel.For(batch, ref body);

        var total = 0.0;
        for (var n = 0; n < batch; n++)
        {
            if (!losses.IsEmpty)
            {
                losses[n] = (float)_losses[n];
            }

            total += mean ? _losses[n] / Math.Max(_targetLengths[n], 1) : _losses[n];
        }

        if (gradLogits is not null && gradLogits.Device.IsGpu)
        {
            HostTransfer.CopyFromHost(_gradient.AsSpan(0, logits.Length), gradLogits);
        }
        else
        {
            gradLogits?.CopyFrom(_gradient.AsSpan(0, logits.Length));
        }

        return (float)(mean ? total / batch : total);
    }

    private float ComputeOnDevice(
        Tensor logits, ReadOnlySpan<int> targets, ReadOnlySpan<int> inputLengths, ReadOnlySpan<int> targetLengths, Tensor? gradLogits,
        Span<float> losses)
    {
        var (batch, _, _) = Check(logits, null, targets, inputLengths, targetLengths, gradLogits, losses);
        _gpu ??= new CtcLossGpu(logits.Device);
        _gpu.Launch(logits, gradLogits, targets, inputLengths, targetLengths, Blank, ZeroInfinity, Reduction == Reduction.Mean);
        var (loss, notFinite) = _gpu.Read(losses);
        if (notFinite > 0)
        {
            throw new ArgumentException(
                $"{notFinite} of the {batch} sequences hold NaN or Inf logits at valid steps; CTC needs finite logits at every valid " +
                "step. The model diverged (try a lower learning rate or gradient clipping) or its input holds NaN/Inf.",
                nameof(logits));
        }

        return loss;
    }

    /// <summary>
    /// One sequence: log-softmax of its first <paramref name="length"/> rows, α and β over the extended labels (a blank
    /// before, between and after the labels), the loss −log p, and (scaled) softmax − posterior occupancy as the gradient.
    /// </summary>
    private static double Sequence(
        ReadOnlySpan<float> rows, Span<float> gradient, int length, int classes, int blank, ReadOnlySpan<int> labels,
        double scale, bool zeroInfinity, ref double[] table, bool withGradient)
    {
        if (withGradient)
        {
            gradient.Clear();
        }

        var extended = 2 * labels.Length + 1;
        if (length == 0)
        {
            // No steps: only the empty label sequence has an alignment, the empty one, of probability 1.
            return labels.Length == 0 ? 0.0 : zeroInfinity ? 0.0 : double.PositiveInfinity;
        }

        var needed = length * classes + 2 * length * extended + classes;
        if (table.Length < needed)
        {
            table = new double[needed];
        }

        var logProbabilities = table.AsSpan(0, length * classes);
        var alpha = table.AsSpan(length * classes, length * extended);
        var beta = table.AsSpan(length * classes + length * extended, length * extended);
        var occupancy = table.AsSpan(length * classes + 2 * length * extended, classes);
        for (var t = 0; t < length; t++)
        {
            LogSpace.Softmax(rows.Slice(t * classes, classes), logProbabilities.Slice(t * classes, classes));
        }

        // Extended label s: blank at even s, labels[(s − 1) / 2] at odd s. A skip from s − 2 is allowed into a label that
        // differs from the label before it (never into a blank, and never between two equal labels, which need a blank).
        alpha.Fill(double.NegativeInfinity);
        alpha[0] = logProbabilities[blank];
        if (extended > 1)
        {
            alpha[1] = logProbabilities[labels[0]];
        }

        for (var t = 1; t < length; t++)
        {
            var previous = alpha.Slice((t - 1) * extended, extended);
            var current = alpha.Slice(t * extended, extended);
            var emissions = logProbabilities.Slice(t * classes, classes);
            for (var s = 0; s < extended; s++)
            {
                var sum = previous[s];
                if (s >= 1)
                {
                    sum = LogSpace.Add(sum, previous[s - 1]);
                }

                if (CanSkip(labels, s))
                {
                    sum = LogSpace.Add(sum, previous[s - 2]);
                }

                current[s] = sum + emissions[Label(labels, s, blank)];
            }
        }

        var last = alpha.Slice((length - 1) * extended, extended);
        var logLikelihood = extended > 1 ? LogSpace.Add(last[extended - 1], last[extended - 2]) : last[0];
        if (double.IsNegativeInfinity(logLikelihood))
        {
            return zeroInfinity ? 0.0 : double.PositiveInfinity;
        }

        if (!withGradient)
        {
            return -logLikelihood;
        }

        beta.Fill(double.NegativeInfinity);
        beta[(length - 1) * extended + extended - 1] = logProbabilities[(length - 1) * classes + blank];
        if (extended > 1)
        {
            beta[(length - 1) * extended + extended - 2] = logProbabilities[(length - 1) * classes + labels[^1]];
        }

        for (var t = length - 2; t >= 0; t--)
        {
            var next = beta.Slice((t + 1) * extended, extended);
            var current = beta.Slice(t * extended, extended);
            var emissions = logProbabilities.Slice(t * classes, classes);
            for (var s = 0; s < extended; s++)
            {
                var sum = next[s];
                if (s + 1 < extended)
                {
                    sum = LogSpace.Add(sum, next[s + 1]);
                }

                if (s + 2 < extended && CanSkip(labels, s + 2))
                {
                    sum = LogSpace.Add(sum, next[s + 2]);
                }

                current[s] = sum + emissions[Label(labels, s, blank)];
            }
        }

        // d(−log p)/d(logit[t, k]) = softmax[t, k] − Σ_{s: label s = k} α[t, s] β[t, s] / (p · softmax[t, k]), both α and β
        // holding the emission at t.
        for (var t = 0; t < length; t++)
        {
            occupancy.Fill(double.NegativeInfinity);
            var a = alpha.Slice(t * extended, extended);
            var b = beta.Slice(t * extended, extended);
            for (var s = 0; s < extended; s++)
            {
                var k = Label(labels, s, blank);
                occupancy[k] = LogSpace.Add(occupancy[k], a[s] + b[s]);
            }

            var emissions = logProbabilities.Slice(t * classes, classes);
            var row = gradient.Slice(t * classes, classes);
            for (var k = 0; k < classes; k++)
            {
                var posterior = double.IsNegativeInfinity(occupancy[k]) ? 0.0 : Math.Exp(occupancy[k] - logLikelihood - emissions[k]);
                row[k] = (float)(scale * (Math.Exp(emissions[k]) - posterior));
            }
        }

        return -logLikelihood;
    }

    private static int Label(ReadOnlySpan<int> labels, int s, int blank) => (s & 1) == 0 ? blank : labels[s >> 1];

    private static bool CanSkip(ReadOnlySpan<int> labels, int s) => (s & 1) == 1 && s >= 3 && labels[s >> 1] != labels[(s >> 1) - 1];



    private void CopyArguments(int batch, ReadOnlySpan<int> targets, ReadOnlySpan<int> inputLengths, ReadOnlySpan<int> targetLengths)
    {
        if (_targets.Length < targets.Length)
        {
            _targets = new int[targets.Length];
        }

        targets.CopyTo(_targets);
        if (_offsets.Length < batch)
        {
            _offsets = new int[batch];
            _inputLengths = new int[batch];
            _targetLengths = new int[batch];
            _losses = new double[batch];
            Array.Resize(ref _tables, batch);
            for (var n = 0; n < batch; n++)
            {
                _tables[n] ??= [];
            }
        }

        inputLengths.CopyTo(_inputLengths);
        targetLengths.CopyTo(_targetLengths);
        var offset = 0;
        for (var n = 0; n < batch; n++)
        {
            _offsets[n] = offset;
            offset += targetLengths[n];
        }
    }

    private (int Batch, int Steps, int Classes) Check(
        Tensor logits, float[]? values, ReadOnlySpan<int> targets, ReadOnlySpan<int> inputLengths, ReadOnlySpan<int> targetLengths, Tensor? gradLogits,
        Span<float> losses)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Shape.Length != 3)
        {
            throw new ArgumentException(
                $"CTC reads per-step logits shaped [batch, steps, classes], got [{string.Join(", ", logits.Shape)}].", nameof(logits));
        }

        var (batch, steps, classes) = (logits.Shape[0], logits.Shape[1], logits.Shape[2]);
        if (batch == 0)
        {
            throw new ArgumentException($"The batch is empty, logits [0, {steps}, {classes}]: the batch must be at least 1.", nameof(logits));
        }

        if (Blank >= classes)
        {
            throw new ArgumentException($"The blank is class {Blank}, but the logits have {classes} classes [0, {classes}).", nameof(logits));
        }

        if (gradLogits is not null && !gradLogits.Shape.AsSpan().SequenceEqual(logits.Shape))
        {
            throw new ArgumentException(
                $"The gradient must have the logits' shape [{string.Join(", ", logits.Shape)}], got [{string.Join(", ", gradLogits.Shape)}].",
                nameof(gradLogits));
        }

        if (inputLengths.Length != batch)
        {
            throw new ArgumentException($"Expected one input length per sequence, {batch}, got {inputLengths.Length}.", nameof(inputLengths));
        }

        if (targetLengths.Length != batch)
        {
            throw new ArgumentException($"Expected one target length per sequence, {batch}, got {targetLengths.Length}.", nameof(targetLengths));
        }

        if (!losses.IsEmpty && losses.Length != batch)
        {
            throw new ArgumentException($"Expected room for one loss per sequence, {batch}, got {losses.Length}.", nameof(losses));
        }

        if (Reduction == Reduction.None && losses.IsEmpty)
        {
            throw new ArgumentException("Reduction.None returns the loss of each sequence: pass a span of one per sequence.", nameof(losses));
        }

        var total = 0;
        for (var n = 0; n < batch; n++)
        {
            if ((uint)inputLengths[n] > (uint)steps)
            {
                throw new ArgumentException(
                    $"Input length {n} is {inputLengths[n]}; expected a length in [0, {steps}] for logits of {steps} steps.", nameof(inputLengths));
            }

            if (targetLengths[n] < 0)
            {
                throw new ArgumentException($"Target length {n} is {targetLengths[n]}; expected a length ≥ 0.", nameof(targetLengths));
            }

            total += targetLengths[n];
        }

        if (targets.Length != total)
        {
            throw new ArgumentException(
                $"Expected the {total} labels of all sequences concatenated (the sum of the target lengths), got {targets.Length}.",
                nameof(targets));
        }

        for (var i = 0; i < targets.Length; i++)
        {
            if ((uint)targets[i] >= (uint)classes || targets[i] == Blank)
            {
                throw new ArgumentException(
                    $"Label {i} is {targets[i]}; expected a class in [0, {classes}) other than the blank {Blank}.", nameof(targets));
            }
        }

        for (var n = 0; n < batch && values is not null; n++)
        {
            var valid = values.AsSpan(n * steps * classes, inputLengths[n] * classes);
            for (var i = 0; i < valid.Length; i++)
            {
                if (!float.IsFinite(valid[i]))
                {
                    throw new ArgumentException(
                        $"Logit [{n}, {i / classes}, {i % classes}] is {valid[i]}; CTC needs finite logits at every valid step. The " +
                        "model diverged (try a lower learning rate or gradient clipping) or its input holds NaN/Inf.",
                        nameof(logits));
                }
            }
        }

        return (batch, steps, classes);
    }

    private float[] HostView(Tensor logits)
    {
        HostTransfer.EnsureCapacity(ref _logits, logits.Length);
        HostTransfer.CopyToHost(logits, _logits);
        return _logits;
    }

    /// <summary>One sequence's loss and gradient rows, with what <see cref="Sequence"/> needs (a struct, so no closure per call).</summary>
    private struct Sequences : IParallelBody
    {
        public float[] Values, Gradient;
        public double[] Losses;
        public double[][] Tables;
        public int[] Targets, Offsets, InputLengths, TargetLengths;
        public int Steps, Classes, Blank;
        public double Scale;
        public bool ZeroInfinity, Mean, WithGradient;

        public readonly void Run(int n)
        {
            var scale = Mean ? Scale / Math.Max(TargetLengths[n], 1) : Scale;
            var rows = Values.AsSpan(n * Steps * Classes, Steps * Classes);
            var gradientRows = WithGradient ? Gradient.AsSpan(n * Steps * Classes, Steps * Classes) : default;
            Losses[n] = Sequence(
                rows, gradientRows, InputLengths[n], Classes, Blank, Targets.AsSpan(Offsets[n], TargetLengths[n]), scale, ZeroInfinity,
                ref Tables[n], WithGradient);
        }
    }
}
