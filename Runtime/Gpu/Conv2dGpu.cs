using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Convolution on a GPU with the arguments and semantics of <see cref="Conv2dCpu"/> (NCHW, PyTorch's padding and
/// stride, optional bias, the activation fused into the forward kernel and its derivative taken from the output), the
/// activation given as a <see cref="DenseActivation"/>. Sizes are checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>
/// Implicit GEMM on the tiled kernel (<see cref="ImplicitGemmConv"/>), no im2col buffer: forward is one launch per
/// group with bias, residual and activation in the epilogue; backward is the activation's derivative, one launch per
/// group for each of dW and dx, and a per-channel reduction for db. Depthwise convolutions use kernels of their own.
/// </remarks>
public static class Conv2dGpu
{
    /// <summary>
    /// y = act((conv(x, w) + b)·scale + shift [+ residual]). x is [N, C, H, W], w is [OC, C / groups, KH, KW], b is [OC]
    /// or null, y and the optional residual (a residual connection's other input, added before the activation) are
    /// [N, OC, OH, OW]. The optional per-channel scale and shift ([OC] each, both or neither) are a batch norm in
    /// inference folded into the convolution's epilogue.
    /// </summary>
    public static void Forward(
        in ConvGeometry g, DenseActivation activation, Tensor x, Tensor w, Tensor? b, Tensor y, Tensor? residual = null, Tensor? scale = null, Tensor? shift = null)
    {
        var accelerator = Check(g, x, w, y, b, residual, scale, shift);
        ActivationGpu.Check(activation);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), g.OutChannels);
        }

        if (residual is not null)
        {
            ArgumentChecks.Length(residual, nameof(residual), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
            if (ReferenceEquals(residual, y))
            {
                throw new ArgumentException("The residual must not be the output itself.", nameof(residual));
            }
        }

        if ((scale is null) != (shift is null))
        {
            throw new ArgumentException("A batch norm folded into the convolution needs both its scale and its shift.", scale is null ? nameof(scale) : nameof(shift));
        }

        if (scale is not null)
        {
            ArgumentChecks.Length(scale, nameof(scale), g.OutChannels);
            ArgumentChecks.Length(shift!, nameof(shift), g.OutChannels);
        }

        ImplicitGemmConv.For(accelerator).Forward(
            g, x.View, w.View, y.View, activation, (b ?? w).View, b is not null, (scale ?? w).View, (shift ?? w).View, scale is not null,
            (residual ?? y).View, residual is not null);
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>. <paramref name="dy"/> is the gradient with respect to y and is overwritten
    /// with the gradient before the activation. dw, db and dx are overwritten, each skipped when null (dw and db of a
    /// frozen layer).
    /// </summary>
    public static void Backward(
        in ConvGeometry g, DenseActivation activation, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db)
    {
        var accelerator = Check(g, x, w, y, dy, dx, dw, db);
        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        if (dw is not null)
        {
            ArgumentChecks.Length(dw, nameof(dw), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        }

        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), g.OutChannels);
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        }

        ActivationGpu.BackwardInPlace(activation, y, dy);
        var conv = ImplicitGemmConv.For(accelerator);
        if (db is not null)
        {
            conv.BiasGradient(dy.View, db.View, g.Batch, g.OutChannels, g.OutHeight * g.OutWidth);
        }

        if (dw is not null)
        {
            conv.WeightGradient(g, x.View, dy.View, dw.View);
        }

        if (dx is not null && dx.Length > 0)
        {
            conv.InputGradient(g, dy.View, w.View, dx.View, DenseActivation.Identity, w.View, hasBias: false);
        }
    }

    private static Accelerator Check(in ConvGeometry g, Tensor x, Tensor w, Tensor y, params ReadOnlySpan<Tensor?> others)
    {
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(x, nameof(x), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(w, nameof(w), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        ArgumentChecks.Length(y, nameof(y), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        var accelerator = GpuTensors.Accelerator(x, w, y);
        GpuTensors.Accelerator(x, others);
        return accelerator;
    }
}
