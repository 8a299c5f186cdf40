using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Global average pooling on a GPU with the arguments and semantics of <see cref="GlobalAvgPoolCpu"/>:
/// [batch, channels, height, width] → [batch, channels]. Sizes are checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per plane forward (summing it in the CPU's order), one per input element backward.</remarks>
public static class GlobalAvgPoolGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y[n, c] = the mean of x[n, c, ·, ·] over its <paramref name="planeSize"/> = height · width values.</summary>
    public static void Forward(int batch, int channels, int planeSize, Tensor x, Tensor y)
    {
        GlobalAvgPoolCpu.Check(batch, channels, planeSize, x, nameof(x), y, nameof(y));
        var kernels = Caches.GetValue(GpuTensors.Accelerator(x, y), static a => new Kernels(a));
        kernels.Forward(y.Length, x.View, y.View, planeSize);
    }

    /// <summary>dx[n, c, ·, ·] = dy[n, c] / <paramref name="planeSize"/>; dx is overwritten.</summary>
    public static void Backward(int batch, int channels, int planeSize, Tensor dy, Tensor dx)
    {
        GlobalAvgPoolCpu.Check(batch, channels, planeSize, dx, nameof(dx), dy, nameof(dy));
        var kernels = Caches.GetValue(GpuTensors.Accelerator(dy, dx), static a => new Kernels(a));
        kernels.Backward(dx.Length, dy.View, dx.View, planeSize);
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, int> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(GlobalAvgPoolKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(GlobalAvgPoolKernels.Backward);
    }
}
