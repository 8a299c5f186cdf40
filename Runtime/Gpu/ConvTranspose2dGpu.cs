using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Transposed convolution on a GPU with the arguments and semantics of <see cref="ConvTranspose2dCpu"/> (the geometry is
/// the convolution it transposes). It runs the convolution's implicit GEMMs (<see cref="ImplicitGemmConv"/>) the other
/// way round: forward is their input gradient, one launch per group with the bias and activation in its epilogue;
/// backward their forward (dx) and weight gradient, and the per-channel reduction for db.
/// </summary>
public static class ConvTranspose2dGpu
{
    /// <summary>y = act(convᵀ(x, w) + b).</summary>
    public static void Forward(in ConvGeometry g, DenseActivation activation, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        var accelerator = Check(g, x, w, y, b);
        ActivationGpu.Check(activation);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), g.InChannels);
        }

        if (y.Length == 0)
        {
            return;
        }

        ImplicitGemmConv.For(accelerator).InputGradient(g, x.View, w.View, y.View, activation, (b ?? w).View, b is not null);
    }

    /// <summary>Backward of <see cref="Forward"/>, as <see cref="ConvTranspose2dCpu.Backward{TActivation}"/>.</summary>
    public static void Backward(
        in ConvGeometry g, DenseActivation activation, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db)
    {
        var accelerator = Check(g, x, w, y, dy, dx, dw, db);
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

        ActivationGpu.BackwardInPlace(activation, y, dy);
        var conv = ImplicitGemmConv.For(accelerator);
        if (db is not null)
        {
            conv.BiasGradient(dy.View, db.View, g.Batch, g.InChannels, g.InHeight * g.InWidth);
        }

        if (dw is not null)
        {
            conv.WeightGradient(g, dy.View, x.View, dw.View);
        }

        if (dx is not null && dx.Length > 0)
        {
            conv.Forward(g, dy.View, w.View, dx.View, DenseActivation.Identity, w.View, false, w.View, w.View, false, dx.View, false);
        }
    }

    private static Accelerator Check(in ConvGeometry g, Tensor x, Tensor w, Tensor y, params ReadOnlySpan<Tensor?> others)
    {
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(x, nameof(x), g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        ArgumentChecks.Length(w, nameof(w), g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        ArgumentChecks.Length(y, nameof(y), g.Batch, g.InChannels, g.InHeight, g.InWidth);
        var accelerator = GpuTensors.Accelerator(x, w, y);
        GpuTensors.Accelerator(x, others);
        return accelerator;
    }
}
