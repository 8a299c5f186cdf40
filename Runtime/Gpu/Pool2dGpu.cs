using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Max and average pooling on a GPU with the arguments and semantics of <see cref="Pool2dCpu"/> (PyTorch's rules:
/// padded cells never win a max, the first maximum takes the gradient, count_include_pad for averages). Sizes are
/// checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per element, backward recomputing each window (see <see cref="Pool2dKernels"/>).</remarks>
public static class Pool2dGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>Max pooling; padded cells never win.</summary>
    public static void MaxForward(in PoolGeometry g, Tensor x, Tensor y)
    {
        var kernels = Check(g, x, nameof(x), y, nameof(y));
        if (y.Length > 0)
        {
            kernels.MaxForward(y.Length, x.View, y.View, g);
        }
    }

    /// <summary>Routes each output gradient to the first maximum of its window; dx is overwritten.</summary>
    public static void MaxBackward(in PoolGeometry g, Tensor x, Tensor dy, Tensor dx)
    {
        var kernels = Check(g, x, nameof(x), dy, nameof(dy));
        ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.Channels, g.InHeight, g.InWidth);
        GpuTensors.Accelerator(x, dx);
        if (dx.Length > 0)
        {
            kernels.MaxBackward(dx.Length, x.View, dy.View, dx.View, g);
        }
    }

    /// <summary>Average pooling; <paramref name="countIncludePad"/> as PyTorch's count_include_pad.</summary>
    public static void AvgForward(in PoolGeometry g, bool countIncludePad, Tensor x, Tensor y)
    {
        var kernels = Check(g, x, nameof(x), y, nameof(y));
        if (y.Length > 0)
        {
            kernels.AvgForward(y.Length, x.View, y.View, g, countIncludePad ? 1 : 0);
        }
    }

    /// <summary>Spreads each output gradient over its window; dx is overwritten.</summary>
    public static void AvgBackward(in PoolGeometry g, bool countIncludePad, Tensor dy, Tensor dx)
    {
        var kernels = Check(g, dx, nameof(dx), dy, nameof(dy));
        if (dx.Length > 0)
        {
            kernels.AvgBackward(dx.Length, dy.View, dx.View, g, countIncludePad ? 1 : 0);
        }
    }

    /// <summary>Checks the geometry, an input-sized and an output-sized tensor on one GPU; returns that GPU's kernels.</summary>
    private static Kernels Check(in PoolGeometry g, Tensor input, string inputName, Tensor output, string outputName)
    {
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(input, inputName, g.Batch, g.Channels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(output, outputName, g.Batch, g.Channels, g.OutHeight, g.OutWidth);
        return Caches.GetValue(GpuTensors.Accelerator(input, output), static a => new Kernels(a));
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, PoolGeometry> MaxForward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, PoolGeometry>(Pool2dKernels.MaxForward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolGeometry> MaxBackward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, PoolGeometry>(Pool2dKernels.MaxBackward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, PoolGeometry, int> AvgForward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, PoolGeometry, int>(Pool2dKernels.AvgForward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, PoolGeometry, int> AvgBackward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, PoolGeometry, int>(Pool2dKernels.AvgBackward);
    }
}
