using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Convolution on a GPU with the arguments and semantics of <see cref="Conv2dCpu"/> (NCHW, PyTorch's padding and
/// stride, optional bias, the activation fused into the forward kernel and its derivative taken from the output), the
/// activation given as a <see cref="DenseActivation"/>. Sizes are checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per output element (see <see cref="Conv2dKernels"/>).</remarks>
public static class Conv2dGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>
    /// y = act(conv(x, w) + b [+ residual]). x is [N, C, H, W], w is [OC, C / groups, KH, KW], b is [OC] or null, y and
    /// the optional residual (a residual connection's other input, added before the activation) are [N, OC, OH, OW].
    /// </summary>
    public static void Forward(in ConvGeometry g, DenseActivation activation, Tensor x, Tensor w, Tensor? b, Tensor y, Tensor? residual = null)
    {
        var accelerator = Check(g, x, w, y, b, residual);
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

        if (y.Length > 0)
        {
            For(accelerator).Forward(
                y.Length, x.View, w.View, (b ?? w).View, (residual ?? y).View, y.View, g, b is null ? 0 : 1, residual is null ? 0 : 1, (int)activation);
        }
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
        var kernels = For(accelerator);
        if (db is not null)
        {
            kernels.BiasGradient(g.OutChannels, dy.View, db.View, g);
        }

        if (dw is not null)
        {
            kernels.WeightGradient(dw.Length, x.View, dy.View, dw.View, g);
        }

        if (dx is not null && dx.Length > 0)
        {
            kernels.InputGradient(dx.Length, dy.View, w.View, dx.View, g);
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

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry, int, int, int> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry, int, int, int>(
                Conv2dKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry> InputGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>(Conv2dKernels.InputGradient);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry> WeightGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ConvGeometry>(Conv2dKernels.WeightGradient);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry> BiasGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ConvGeometry>(Conv2dKernels.BiasGradient);
    }
}
