using ILGPU;

namespace Strata.Gpu;

/// <summary>The adaptive average pooling kernels, with the windows and summation order of <see cref="Cpu.AdaptiveAvgPoolCpu"/>.</summary>
internal static class AdaptiveAvgPoolKernels
{
    /// <summary>One thread per output element: the mean of its window, summed in row-major order.</summary>
    public static void Forward(Index1D index, ArrayView<float> x, ArrayView<float> y, int inHeight, int inWidth, int outHeight, int outWidth)
    {
        var j = index % outWidth;
        var i = index / outWidth % outHeight;
        var plane = index / (outWidth * outHeight);
        var (h0, h1) = (Start(i, inHeight, outHeight), End(i, inHeight, outHeight));
        var (w0, w1) = (Start(j, inWidth, outWidth), End(j, inWidth, outWidth));
        var input = plane * inHeight * inWidth;
        var sum = 0f;
        for (var h = h0; h < h1; h++)
        {
            for (var w = w0; w < w1; w++)
            {
                sum += x[input + h * inWidth + w];
            }
        }

        y[index] = sum / ((h1 - h0) * (w1 - w0));
    }

    /// <summary>One thread per input element: the sum of dy / window size over the windows that hold it, in (i, j) order.</summary>
    public static void Backward(Index1D index, ArrayView<float> dy, ArrayView<float> dx, int inHeight, int inWidth, int outHeight, int outWidth)
    {
        var w = index % inWidth;
        var h = index / inWidth % inHeight;
        var plane = index / (inWidth * inHeight);
        var output = plane * outHeight * outWidth;
        var sum = 0f;
        for (var i = 0; i < outHeight; i++)
        {
            var (h0, h1) = (Start(i, inHeight, outHeight), End(i, inHeight, outHeight));
            if (h < h0 || h >= h1)
            {
                continue;
            }

            for (var j = 0; j < outWidth; j++)
            {
                var (w0, w1) = (Start(j, inWidth, outWidth), End(j, inWidth, outWidth));
                if (w >= w0 && w < w1)
                {
                    sum += dy[output + i * outWidth + j] / ((h1 - h0) * (w1 - w0));
                }
            }
        }

        dx[index] = sum;
    }

    private static int Start(int i, int inSize, int outSize) => (int)((long)i * inSize / outSize);

    private static int End(int i, int inSize, int outSize) => (int)(((long)(i + 1) * inSize + outSize - 1) / outSize);
}
