namespace Strata.Cpu;

/// <summary>
/// Adaptive average pooling on the CPU, as PyTorch's <c>nn.AdaptiveAvgPool2d((outHeight, outWidth))</c>:
/// [batch, channels, inHeight, inWidth] → [batch, channels, outHeight, outWidth], output cell (i, j) the mean of rows
/// [<see cref="Start"/>(i), <see cref="End"/>(i)) and the matching columns. Windows may differ in size and overlap.
/// </summary>
/// <remarks>Each (sample, channel) plane is independent, so planes run in parallel; a window sums in row-major order, as <see cref="Gpu.AdaptiveAvgPoolGpu"/> does.</remarks>
public static unsafe class AdaptiveAvgPoolCpu
{
    /// <summary>PyTorch's window start for output index <paramref name="i"/>: floor(i · inSize / outSize).</summary>
    public static int Start(int i, int inSize, int outSize) => (int)((long)i * inSize / outSize);

    /// <summary>PyTorch's window end (exclusive) for output index <paramref name="i"/>: ceil((i + 1) · inSize / outSize).</summary>
    public static int End(int i, int inSize, int outSize) => (int)(((long)(i + 1) * inSize + outSize - 1) / outSize);

    /// <summary>y[n, c, i, j] = the mean of x[n, c] over the window of (i, j).</summary>
    public static void Forward(int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth, Tensor x, Tensor y)
    {
        Check(batch, channels, inHeight, inWidth, outHeight, outWidth, x, nameof(x), y, nameof(y));
        var body = new PoolPlanes(x.Pointer, y.Pointer, inHeight, inWidth, outHeight, outWidth);
        CpuParallel.For(batch * channels, ref body);
    }

    /// <summary>dx[n, c, h, w] = Σ over the windows (i, j) that hold (h, w) of dy[n, c, i, j] / the window's size; dx is overwritten.</summary>
    public static void Backward(int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth, Tensor dy, Tensor dx)
    {
        Check(batch, channels, inHeight, inWidth, outHeight, outWidth, dx, nameof(dx), dy, nameof(dy));
        var body = new SpreadPlanes(dy.Pointer, dx.Pointer, inHeight, inWidth, outHeight, outWidth);
        CpuParallel.For(batch * channels, ref body);
    }

    /// <summary>Checks the sizes (all at least 1) and an input-sized and an output-sized tensor.</summary>
    internal static void Check(
        int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth, Tensor input, string inputName, Tensor output, string outputName)
    {
        ArgumentChecks.AtLeast(batch, 1, nameof(batch));
        ArgumentChecks.AtLeast(channels, 1, nameof(channels));
        ArgumentChecks.AtLeast(inHeight, 1, nameof(inHeight));
        ArgumentChecks.AtLeast(inWidth, 1, nameof(inWidth));
        ArgumentChecks.AtLeast(outHeight, 1, nameof(outHeight));
        ArgumentChecks.AtLeast(outWidth, 1, nameof(outWidth));
        ArgumentChecks.Length(input, inputName, batch, channels, inHeight, inWidth);
        ArgumentChecks.Length(output, outputName, batch, channels, outHeight, outWidth);
    }

    /// <summary>One plane's windows averaged.</summary>
    private readonly struct PoolPlanes(float* xs, float* ys, int inHeight, int inWidth, int outHeight, int outWidth) : IParallelBody
    {
        public void Run(int plane)
        {
            var input = plane * inHeight * inWidth;
            var output = plane * outHeight * outWidth;
            for (var i = 0; i < outHeight; i++)
            {
                var (h0, h1) = (Start(i, inHeight, outHeight), End(i, inHeight, outHeight));
                for (var j = 0; j < outWidth; j++)
                {
                    var (w0, w1) = (Start(j, inWidth, outWidth), End(j, inWidth, outWidth));
                    var sum = 0f;
                    for (var h = h0; h < h1; h++)
                    {
                        for (var w = w0; w < w1; w++)
                        {
                            sum += xs[input + h * inWidth + w];
                        }
                    }

                    ys[output + i * outWidth + j] = sum / ((h1 - h0) * (w1 - w0));
                }
            }
        }
    }

    /// <summary>One plane's gradient: each window's share spread over it.</summary>
    private readonly struct SpreadPlanes(float* dys, float* dxs, int inHeight, int inWidth, int outHeight, int outWidth) : IParallelBody
    {
        public void Run(int plane)
        {
            var input = plane * inHeight * inWidth;
            var output = plane * outHeight * outWidth;
            new Span<float>(dxs + input, inHeight * inWidth).Clear();
            for (var i = 0; i < outHeight; i++)
            {
                var (h0, h1) = (Start(i, inHeight, outHeight), End(i, inHeight, outHeight));
                for (var j = 0; j < outWidth; j++)
                {
                    var (w0, w1) = (Start(j, inWidth, outWidth), End(j, inWidth, outWidth));
                    var share = dys[output + i * outWidth + j] / ((h1 - h0) * (w1 - w0));
                    for (var h = h0; h < h1; h++)
                    {
                        for (var w = w0; w < w1; w++)
                        {
                            dxs[input + h * inWidth + w] += share;
                        }
                    }
                }
            }
        }
    }
}
