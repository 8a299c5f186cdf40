namespace Strata.Cpu;

/// <summary>Convolution on the CPU: im2col into the packed GEMM, bias and activation fused into the epilogue.</summary>
public static class Conv2dCpu
{
    /// <summary>y = act(conv(x, w) + b). x is [N, C, H, W], w is [OC, C, KH, KW], b is [OC] or null, y is [N, OC, OH, OW].</summary>
    public static void Forward<TActivation>(in ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(g, x, w, y, workspace);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), g.OutChannels);
        }

        var depth = g.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var inputSize = g.InChannels * g.InHeight * g.InWidth;
        var outputSize = g.OutChannels * positions;
        var weights = w.Span;
        for (var n = 0; n < g.Batch; n++)
        {
            var columns = Columns(g, x.Span.Slice(n * inputSize, inputSize), workspace);
            var output = y.Span.Slice(n * outputSize, outputSize);
            if (b is null)
            {
                Gemm.Multiply(g.OutChannels, positions, depth, weights, depth, false, columns, positions, false,
                    output, positions, false, default(ActivationEpilogue<TActivation>), workspace);
            }
            else
            {
                Gemm.Multiply(g.OutChannels, positions, depth, weights, depth, false, columns, positions, false,
                    output, positions, false, new RowBiasEpilogue<TActivation>(b.Array), workspace);
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>. <paramref name="dy"/> is the gradient with respect to y and is
    /// overwritten with the gradient before the activation. dw and db are overwritten; dx is skipped when null.
    /// </summary>
    public static void Backward<TActivation>(
        in ConvGeometry g, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(g, x, w, y, workspace);
        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), g.OutChannels);
        }

        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        ArgumentChecks.Length(dw, nameof(dw), g.OutChannels, g.InChannels, g.KernelHeight, g.KernelWidth);
        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        }

        ActivationCpu.BackwardInPlace<TActivation>(y.Span, dy.Span);
        var depth = g.InChannels * g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var inputSize = g.InChannels * g.InHeight * g.InWidth;
        var outputSize = g.OutChannels * positions;
        if (db is not null)
        {
            SumPerChannel(g, dy.Span, db.Span);
        }

        var identity = default(ActivationEpilogue<IdentityActivation>);
        for (var n = 0; n < g.Batch; n++)
        {
            var image = x.Span.Slice(n * inputSize, inputSize);
            var gradient = dy.Span.Slice(n * outputSize, outputSize);

            // dW (+)= dZ_n · cols_nᵀ: [OC × P] · [P × K].
            var columns = Columns(g, image, workspace);
            Gemm.Multiply(g.OutChannels, depth, positions, gradient, positions, false, columns, positions, true,
                dw.Span, depth, n > 0, identity, workspace);

            if (dx is null)
            {
                continue;
            }

            // dX_n = col2im(Wᵀ · dZ_n): [K × OC] · [OC × P].
            var inputGradient = dx.Span.Slice(n * inputSize, inputSize);
            if (IsPointwise(g))
            {
                Gemm.Multiply(depth, positions, g.OutChannels, w.Span, depth, true, gradient, positions, false,
                    inputGradient, positions, false, identity, workspace);
                continue;
            }

            var columnGradients = workspace.Get(WorkspaceSlot.ColumnGradients, depth * positions).AsSpan(0, depth * positions);
            Gemm.Multiply(depth, positions, g.OutChannels, w.Span, depth, true, gradient, positions, false,
                columnGradients, positions, false, identity, workspace);
            inputGradient.Clear();
            Im2Col.Fold(g, columnGradients, inputGradient);
        }

        if (g.Batch == 0)
        {
            dw.Clear();
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

    private static void SumPerChannel(in ConvGeometry g, ReadOnlySpan<float> gradient, Span<float> sums)
    {
        var positions = g.OutHeight * g.OutWidth;
        for (var channel = 0; channel < g.OutChannels; channel++)
        {
            // Summed in double: a channel can collect millions of terms over a large batch.
            double sum = 0;
            for (var n = 0; n < g.Batch; n++)
            {
                foreach (var value in gradient.Slice((n * g.OutChannels + channel) * positions, positions))
                {
                    sum += value;
                }
            }

            sums[channel] = (float)sum;
        }
    }

    private static void Check(in ConvGeometry g, Tensor x, Tensor w, Tensor y, CpuWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentChecks.AtLeast(g.Batch, 0, nameof(g.Batch));
        ArgumentChecks.AtLeast(g.InChannels, 1, nameof(g.InChannels));
        ArgumentChecks.AtLeast(g.OutChannels, 1, nameof(g.OutChannels));
        ArgumentChecks.AtLeast(g.KernelHeight, 1, nameof(g.KernelHeight));
        ArgumentChecks.AtLeast(g.KernelWidth, 1, nameof(g.KernelWidth));
        ArgumentChecks.AtLeast(g.Stride, 1, nameof(g.Stride));
        ArgumentChecks.AtLeast(g.Pad, 0, nameof(g.Pad));
        ArgumentChecks.OutputSize(g.OutHeight, g.InHeight, g.KernelHeight, g.Stride, g.Pad, nameof(g.OutHeight));
        ArgumentChecks.OutputSize(g.OutWidth, g.InWidth, g.KernelWidth, g.Stride, g.Pad, nameof(g.OutWidth));
        ArgumentChecks.Length(x, nameof(x), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(w, nameof(w), g.OutChannels, g.InChannels, g.KernelHeight, g.KernelWidth);
        ArgumentChecks.Length(y, nameof(y), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
    }
}
