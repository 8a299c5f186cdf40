namespace Strata.Cpu;

/// <summary>
/// Convolution on the CPU: im2col into the packed GEMM, bias and activation fused into the epilogue; a grouped
/// convolution runs one GEMM per group, on that group's channels and weight rows.
/// </summary>
public static class Conv2dCpu
{
    // Gemm's fork/join threshold (one megaflop): below it a sample's GEMM runs on one core.
    private const long SampleParallelFlops = 1L << 20;

    /// <summary>y = act(conv(x, w) + b). x is [N, C, H, W], w is [OC, C / groups, KH, KW], b is [OC] or null, y is [N, OC, OH, OW].</summary>
    public static void Forward<TActivation>(in ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(g, x, w, y, workspace);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), g.OutChannels);
        }

        if (!SamplesInParallel(g))
        {
            for (var n = 0; n < g.Batch; n++)
            {
                ForwardSample<TActivation>(g, x, w, b, y, n, workspace);
            }

            return;
        }

        var body = new ForwardSamples<TActivation>(g, x, w, b, y, workspace.Workers(Environment.ProcessorCount), Ranges(g.Batch));
        CpuParallel.For(body.Ranges, ref body);
    }

    private static void ForwardSample<TActivation>(in ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, int n, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        var group = g.OneGroup();
        var depth = group.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var groupInput = group.InChannels * g.InHeight * g.InWidth;
        var groupOutput = group.OutChannels * positions;
        for (var i = 0; i < g.Groups; i++)
        {
            var columns = Columns(group, x.Span.Slice((n * g.Groups + i) * groupInput, groupInput), workspace);
            var weights = w.Span.Slice(i * group.OutChannels * depth, group.OutChannels * depth);
            var output = y.Span.Slice((n * g.Groups + i) * groupOutput, groupOutput);
            if (b is null)
            {
                Gemm.Multiply(group.OutChannels, positions, depth, weights, depth, false, columns, positions, false,
                    output, positions, false, default(ActivationEpilogue<TActivation>), workspace);
            }
            else
            {
                Gemm.Multiply(group.OutChannels, positions, depth, weights, depth, false, columns, positions, false,
                    output, positions, false, new RowBiasEpilogue<TActivation>(b.Array, i * group.OutChannels), workspace);
            }
        }
    }

    /// <summary>
    /// Whether to split the batch across cores: a sample's GEMM below Gemm's own parallel threshold (LeNet's 5×5
    /// convolutions) would otherwise run on one core.
    /// </summary>
    private static bool SamplesInParallel(in ConvGeometry g) =>
        Environment.ProcessorCount > 1 && g.Batch > 1 &&
        2L * g.OutChannels * g.OutHeight * g.OutWidth * g.GroupInChannels * g.KernelHeight * g.KernelWidth < SampleParallelFlops;

    /// <summary>How many contiguous ranges of samples the batch splits into: one per core.</summary>
    private static int Ranges(int batch) => Math.Min(Environment.ProcessorCount, batch);

    /// <summary>Range <paramref name="range"/> of <paramref name="ranges"/> over [0, batch): its first sample and its end.</summary>
    private static (int First, int End) Range(int batch, int range, int ranges) => (batch * range / ranges, batch * (range + 1) / ranges);

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>. <paramref name="dy"/> is the gradient with respect to y and is
    /// overwritten with the gradient before the activation. dw and db are overwritten; each of dx, dw and db is skipped
    /// when null (dw and db of a frozen layer).
    /// </summary>
    public static void Backward<TActivation>(
        in ConvGeometry g, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(g, x, w, y, workspace);
        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), g.OutChannels);
        }

        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        if (dw is not null)
        {
            ArgumentChecks.Length(dw, nameof(dw), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        }

        ActivationCpu.BackwardInPlace<TActivation>(y.Span, dy.Span);
        if (db is not null)
        {
            SumPerChannel(g.Batch, g.OutChannels, g.OutHeight * g.OutWidth, dy.Span, db.Span);
        }

        Gradients(g, x, w, dy, dx, dw, workspace);
    }

    /// <summary>
    /// The products of backward, sizes already checked: dw = Σ_n dZ_n · cols(x_n)ᵀ when <paramref name="dw"/> is given
    /// (then <paramref name="x"/> must be), and dx = col2im(Wᵀ · dZ) when <paramref name="dx"/> is given. A transposed
    /// convolution runs its forward as the dx product and its weight gradient as the dw one.
    /// </summary>
    internal static void Gradients(in ConvGeometry g, Tensor? x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, CpuWorkspace workspace)
    {
        if (!SamplesInParallel(g))
        {
            for (var n = 0; n < g.Batch; n++)
            {
                BackwardSample(g, x, w, dy, dx, dw?.Array, n > 0, n, workspace);
            }
        }
        else
        {
            // Each range sums its samples' dW into its own worker's buffer (range 0 straight into dw); then they are added.
            var body = new BackwardSamples(g, x, w, dy, dx, dw, workspace.Workers(Environment.ProcessorCount), Ranges(g.Batch));
            CpuParallel.For(body.Ranges, ref body);
            for (var range = 1; dw is not null && range < body.Ranges; range++)
            {
                var total = dw.Span;
                var partial = body.Partial(range).AsSpan(0, dw.Length);
                for (var i = 0; i < total.Length; i++)
                {
                    total[i] += partial[i];
                }
            }
        }

        if (g.Batch == 0)
        {
            dw?.Clear();
        }
    }

    /// <summary>Sample n's share of the backward pass, group by group: dW (+)= dZ_n · cols_nᵀ and, when dx is given, dX_n.</summary>
    private static void BackwardSample(
        in ConvGeometry g, Tensor? x, Tensor w, Tensor dy, Tensor? dx, float[]? dw, bool accumulate, int n, CpuWorkspace workspace)
    {
        var group = g.OneGroup();
        var depth = group.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var groupInput = group.InChannels * g.InHeight * g.InWidth;
        var groupOutput = group.OutChannels * positions;
        var identity = default(ActivationEpilogue<IdentityActivation>);
        for (var i = 0; i < g.Groups; i++)
        {
            var gradient = dy.Span.Slice((n * g.Groups + i) * groupOutput, groupOutput);
            var weights = w.Span.Slice(i * group.OutChannels * depth, group.OutChannels * depth);
            if (dw is not null)
            {
                // dW (+)= dZ_n · cols_nᵀ: [OC × P] · [P × K].
                var columns = Columns(group, x!.Span.Slice((n * g.Groups + i) * groupInput, groupInput), workspace);
                Gemm.Multiply(group.OutChannels, depth, positions, gradient, positions, false, columns, positions, true,
                    dw.AsSpan(i * group.OutChannels * depth, group.OutChannels * depth), depth, accumulate, identity, workspace);
            }

            if (dx is null)
            {
                continue;
            }

            // dX_n = col2im(Wᵀ · dZ_n): [K × OC] · [OC × P].
            var inputGradient = dx.Span.Slice((n * g.Groups + i) * groupInput, groupInput);
            if (IsPointwise(g))
            {
                Gemm.Multiply(depth, positions, group.OutChannels, weights, depth, true, gradient, positions, false,
                    inputGradient, positions, false, identity, workspace);
                continue;
            }

            var columnGradients = workspace.Get(WorkspaceSlot.ColumnGradients, depth * positions).AsSpan(0, depth * positions);
            Gemm.Multiply(depth, positions, group.OutChannels, weights, depth, true, gradient, positions, false,
                columnGradients, positions, false, identity, workspace);
            inputGradient.Clear();
            Im2Col.Fold(group, columnGradients, inputGradient);
        }
    }

    /// <summary>A 1×1, stride-1, unpadded convolution reads its input directly as the columns.</summary>
    private static bool IsPointwise(in ConvGeometry g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.Stride == 1 && g.Pad == 0;

    private static ReadOnlySpan<float> Columns(in ConvGeometry g, ReadOnlySpan<float> image, CpuWorkspace workspace)
    {
        if (IsPointwise(g))
        {
            return image;
        }

        var length = g.InChannels * g.KernelHeight * g.KernelWidth * g.OutHeight * g.OutWidth;
        var columns = workspace.Get(WorkspaceSlot.Columns, length).AsSpan(0, length);
        Im2Col.Expand(g, image, columns);
        return columns;
    }

    /// <summary>The bias gradient of [batch, channels, positions]: each channel's sum over the batch and the positions.</summary>
    internal static void SumPerChannel(int batch, int channels, int positions, ReadOnlySpan<float> gradient, Span<float> sums)
    {
        for (var channel = 0; channel < channels; channel++)
        {
            // Summed in double: a channel can collect millions of terms over a large batch.
            double sum = 0;
            for (var n = 0; n < batch; n++)
            {
                foreach (var value in gradient.Slice((n * channels + channel) * positions, positions))
                {
                    sum += value;
                }
            }

            sums[channel] = (float)sum;
        }
    }

    internal static void Check(in ConvGeometry g, Tensor x, Tensor w, Tensor y, CpuWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(x, nameof(x), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(w, nameof(w), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        ArgumentChecks.Length(y, nameof(y), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
    }

    /// <summary>The sample ranges of a parallel forward pass, one per worker, each on its own workspace.</summary>
    private readonly struct ForwardSamples<TActivation>(
        ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace[] workers, int ranges) : IParallelBody
        where TActivation : struct, IActivation
    {
        public int Ranges => ranges;

        public void Run(int index)
        {
            var (first, end) = Range(g.Batch, index, ranges);
            for (var n = first; n < end; n++)
            {
                ForwardSample<TActivation>(g, x, w, b, y, n, workers[index]);
            }
        }
    }

    /// <summary>
    /// The sample ranges of a parallel backward pass: range 0 accumulates dW straight into dw, every other range into
    /// its worker's own buffer, which the caller adds afterwards.
    /// </summary>
    private readonly struct BackwardSamples(
        ConvGeometry g, Tensor? x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, CpuWorkspace[] workers, int ranges) : IParallelBody
    {
        public int Ranges => ranges;

        public float[] Partial(int range) => workers[range].Get(WorkspaceSlot.WeightGradients, dw!.Length);

        public void Run(int index)
        {
            var (first, end) = Range(g.Batch, index, ranges);
            var target = dw is null ? null : index == 0 ? dw.Array : Partial(index);
            for (var n = first; n < end; n++)
            {
                BackwardSample(g, x, w, dy, dx, target, n > first, n, workers[index]);
            }
        }
    }
}
