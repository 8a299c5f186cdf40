namespace Strata.Cpu;

/// <summary>
/// Transposed convolution on the CPU, as PyTorch's <c>nn.ConvTranspose2d</c>: the adjoint of the convolution that
/// the geometry g describes, so its sizes read the other way round. The layer's input x is that convolution's
/// output, [N, g.OutChannels, g.OutHeight, g.OutWidth]; its output y is the convolution's input, [N, g.InChannels,
/// g.InHeight, g.InWidth]; the weight is [g.OutChannels, g.InChannels / groups, KH, KW], PyTorch's
/// [in, out / groups, kh, kw]; the bias is [g.InChannels]. Forward is the convolution's input-gradient product
/// (col2im(Wᵀ·x)), backward its forward (dx) and weight-gradient product, all on <see cref="Conv2dCpu"/>'s code.
/// </summary>
public static class ConvTranspose2dCpu
{
    /// <summary>y = act(convᵀ(x, w) + b).</summary>
    public static void Forward<TActivation>(in ConvGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Conv2dCpu.Check(g, y, w, x, workspace);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), g.InChannels);
        }

        Conv2dCpu.Gradients(g, null, w, x, y, null, workspace);
        var output = y.Span;
        var plane = g.InHeight * g.InWidth;
        if (b is not null)
        {
            var bias = b.Span;
            for (var n = 0; n < g.Batch; n++)
            {
                for (var c = 0; c < g.InChannels; c++)
                {
                    var values = output.Slice((n * g.InChannels + c) * plane, plane);
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] += bias[c];
                    }
                }
            }
        }

        ActivationCpu.ForwardInPlace<TActivation>(y);
    }

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>: <paramref name="dy"/> is overwritten with the gradient before the
    /// activation; dw, db and dx are overwritten, each skipped when null (dw and db of a frozen layer).
    /// </summary>
    public static void Backward<TActivation>(
        in ConvGeometry g, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Conv2dCpu.Check(g, y, w, x, workspace);
        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        if (dw is not null)
        {
            ArgumentChecks.Length(dw, nameof(dw), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        }

        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), g.InChannels);
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        }

        ConvOutputGradient.Backward<TActivation>(g.Batch * g.InChannels, g.InChannels, g.InHeight * g.InWidth, y, dy, db, workspace);

        // dW = Σ_n x_n · cols(dy_n)ᵀ: the convolution's weight gradient with dy as its input and x as its output's gradient.
        if (dw is not null)
        {
            Conv2dCpu.Gradients(g, dy, w, x, null, dw, workspace);
        }

        if (dx is not null)
        {
            Conv2dCpu.Forward<IdentityActivation>(g, dy, w, null, dx, workspace);
        }
    }
}
