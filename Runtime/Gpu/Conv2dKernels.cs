using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The convolution kernels that are not GEMMs (those are <see cref="GemmKernels.Tiled"/> instantiated with the
/// convolution operands, see <see cref="ImplicitGemmConv"/>): the bias gradient, a reduction per channel.
/// </summary>
internal static class Conv2dKernels
{
    /// <summary>
    /// db[c] = Σ over the batch and the plane of dy[n, c, ·]: one group per channel (the grid's X index), each thread
    /// summing a strided share in double as <see cref="Conv2dCpu"/> does (a channel can collect millions of terms over
    /// a large batch), then a group reduction (ILGPU.Algorithms).
    /// </summary>
    public static void BiasGradient(ArrayView<float> dy, ArrayView<float> db, int batch, int channels, int plane)
    {
        var c = Grid.IdxX;
        double sum = 0;
        for (var i = Group.IdxX; i < batch * plane; i += Group.DimX)
        {
            var n = i / plane;
            sum += dy[(n * channels + c) * plane + (i - n * plane)];
        }

        var total = GroupExtensions.Reduce<double, AddDouble>(sum);
        if (Group.IsFirstThread)
        {
            db[c] = (float)total;
        }
    }
}
