using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Transposed convolution on a GPU with the arguments and semantics of <see cref="ConvTranspose2dCpu"/> (the geometry is
/// the convolution it transposes). It runs <see cref="Conv2dKernels"/> the other way round: forward is their input
/// gradient gather, backward their forward (dx) and weight gradient; the bias is added per output channel.
/// </summary>
public static class ConvTranspose2dGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

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

        var kernels = For(accelerator);
        kernels.InputGradient(y.Length, x.View, w.View, y.View, g);
        if (b is not null)
        {
            kernels.AddBias(y.Length, b.View, y.View, g.InChannels, g.InHeight * g.InWidth);
        }

        ActivationGpu.ForwardInPlace(activation, y);
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
        var kernels = For(accelerator);
        if (db is not null)
        {
            // The bias gradient gather reads its geometry's output sizes: here those of y.
            kernels.BiasGradient(g.InChannels, dy.View, db.View, g with { OutChannels = g.InChannels, OutHeight = g.InHeight, OutWidth = g.InWidth });
        }

        if (dw is not null)
        {
            kernels.WeightGradient(dw.Length, dy.View, x.View, dw.View, g);
        }

        if (dx is not null && dx.Length > 0)
        {
            kernels.Forward(dx.Length, dy.View, w.View, w.View, dx.View, dx.View, g, 0, 0, (int)DenseActivation.Identity);
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

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>y[n, c, ·] += b[c].</summary>
    private static void AddBiasKernel(Index1D i, ArrayView<float> b, ArrayView<float> y, int channels, int plane) =>
        y[i] += b[i / plane % channels];

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

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> AddBias { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(AddBiasKernel);
    }
}
