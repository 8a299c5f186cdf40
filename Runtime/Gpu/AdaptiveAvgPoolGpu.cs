using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Adaptive average pooling on a GPU with the arguments and semantics of <see cref="AdaptiveAvgPoolCpu"/> (PyTorch's
/// <c>nn.AdaptiveAvgPool2d</c> windows). Sizes are checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per output element forward, one per input element backward (a gather, so no atomics).</remarks>
public static class AdaptiveAvgPoolGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y[n, c, i, j] = the mean of x[n, c] over the window of (i, j).</summary>
    public static void Forward(int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth, Tensor x, Tensor y)
    {
        AdaptiveAvgPoolCpu.Check(batch, channels, inHeight, inWidth, outHeight, outWidth, x, nameof(x), y, nameof(y));
        var kernels = Caches.GetValue(GpuTensors.Accelerator(x, y), static a => new Kernels(a));
        kernels.Forward(y.Length, x.View, y.View, inHeight, inWidth, outHeight, outWidth);
    }

    /// <summary>dx = the sum of dy / window size over the windows that hold each element; dx is overwritten.</summary>
    public static void Backward(int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth, Tensor dy, Tensor dx)
    {
        AdaptiveAvgPoolCpu.Check(batch, channels, inHeight, inWidth, outHeight, outWidth, dx, nameof(dx), dy, nameof(dy));
        var kernels = Caches.GetValue(GpuTensors.Accelerator(dy, dx), static a => new Kernels(a));
        kernels.Backward(dx.Length, dy.View, dx.View, inHeight, inWidth, outHeight, outWidth);
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int>(AdaptiveAvgPoolKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int>(AdaptiveAvgPoolKernels.Backward);
    }
}
