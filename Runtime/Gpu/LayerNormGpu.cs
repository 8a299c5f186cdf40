using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Layer normalisation on a GPU with the arguments and semantics of <see cref="LayerNormCpu"/> (PyTorch's
/// <c>nn.LayerNorm</c> over each row of [rows, size]). Sizes are checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per row for the statistics and the input gradient, one per element of γ for the parameter gradients.</remarks>
public static class LayerNormGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>The forward pass; see <see cref="LayerNormCpu.Forward"/>.</summary>
    public static void Forward(
        int rows, int size, float eps, Tensor x, Tensor weight, Tensor bias, Tensor savedMean, Tensor savedInvStd, Tensor y)
    {
        LayerNormCpu.Check(rows, size, eps, x, weight, bias, savedMean, savedInvStd);
        ArgumentChecks.Length(y, nameof(y), rows, size);
        var kernels = Caches.GetValue(GpuTensors.Accelerator(x, weight, bias, savedMean, savedInvStd, y), static a => new Kernels(a));
        kernels.Forward(rows, x.View, weight.View, bias.View, savedMean.View, savedInvStd.View, y.View, size, eps);
    }

    /// <summary>The backward pass; see <see cref="LayerNormCpu.Backward"/>.</summary>
    public static void Backward(
        int rows, int size, Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvStd, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias)
    {
        LayerNormCpu.CheckBackward(rows, size, x, weight, savedMean, savedInvStd, dy, dx, dWeight, dBias);
        var kernels = Caches.GetValue(GpuTensors.Accelerator(x, weight, savedMean, savedInvStd, dy, dx, dWeight, dBias), static a => new Kernels(a));
        if (dWeight is not null || dBias is not null)
        {
            // A frozen parameter gets no gradient; the kernel writes both, so the other goes to scratch.
            using var scratch = dWeight is null || dBias is null ? GpuTensors.Accelerator(x).Allocate1D<float>(size) : null;
            kernels.ParameterGradients(
                size, x.View, dy.View, savedMean.View, savedInvStd.View, dWeight?.View ?? scratch!.View, dBias?.View ?? scratch!.View, rows, size);
        }
        if (dx is not null)
        {
            kernels.InputGradient(rows, x.View, weight.View, savedMean.View, savedInvStd.View, dy.View, dx.View, size);
        }
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float>(
                LayerNormKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> ParameterGradients { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(
                LayerNormKernels.ParameterGradients);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> InputGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(
                LayerNormKernels.InputGradient);
    }
}
