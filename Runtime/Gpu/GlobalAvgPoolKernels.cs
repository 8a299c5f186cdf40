using ILGPU;

namespace Strata.Gpu;

/// <summary>The global average pooling kernels, with the formulas and summation order of <see cref="Cpu.GlobalAvgPoolCpu"/>.</summary>
internal static class GlobalAvgPoolKernels
{
    /// <summary>One thread per (sample, channel) plane: y = the plane's sum, in row-major order, over its size.</summary>
    public static void Forward(Index1D plane, ArrayView<float> x, ArrayView<float> y, int planeSize)
    {
        var start = plane * planeSize;
        var sum = 0f;
        for (var i = 0; i < planeSize; i++)
        {
            sum += x[start + i];
        }

        y[plane] = sum / planeSize;
    }

    /// <summary>One thread per input element: dx = its plane's dy over the plane's size.</summary>
    public static void Backward(Index1D index, ArrayView<float> dy, ArrayView<float> dx, int planeSize) =>
        dx[index] = dy[index / planeSize] / planeSize;
}
