namespace Strata.Cpu;

/// <summary>
/// Global average pooling on the CPU: [batch, channels, height, width] → [batch, channels], each channel's plane
/// averaged, as PyTorch's <c>nn.AdaptiveAvgPool2d(1)</c> followed by <c>nn.Flatten()</c>.
/// </summary>
/// <remarks>Each (sample, channel) plane is independent, so planes run in parallel; a plane sums in row-major order.</remarks>
public static unsafe class GlobalAvgPoolCpu
{
    /// <summary>y[n, c] = the mean of x[n, c, ·, ·] over its <paramref name="planeSize"/> = height · width values.</summary>
    public static void Forward(int batch, int channels, int planeSize, Tensor x, Tensor y)
    {
        Check(batch, channels, planeSize, x, nameof(x), y, nameof(y));
        var body = new MeanPlanes(x.Pointer, y.Pointer, planeSize);
        CpuParallel.For(batch * channels, ref body);
    }

    /// <summary>dx[n, c, ·, ·] = dy[n, c] / <paramref name="planeSize"/>; dx is overwritten.</summary>
    public static void Backward(int batch, int channels, int planeSize, Tensor dy, Tensor dx)
    {
        Check(batch, channels, planeSize, dx, nameof(dx), dy, nameof(dy));
        var body = new SpreadPlanes(dy.Pointer, dx.Pointer, planeSize);
        CpuParallel.For(batch * channels, ref body);
    }

    /// <summary>Checks the sizes (all at least 1) and an input-sized and an output-sized tensor.</summary>
    internal static void Check(int batch, int channels, int planeSize, Tensor input, string inputName, Tensor output, string outputName)
    {
        ArgumentChecks.AtLeast(batch, 1, nameof(batch));
        ArgumentChecks.AtLeast(channels, 1, nameof(channels));
        ArgumentChecks.AtLeast(planeSize, 1, nameof(planeSize));
        ArgumentChecks.Length(input, inputName, batch, channels, planeSize);
        ArgumentChecks.Length(output, outputName, batch, channels);
    }

    /// <summary>One plane's mean, summed in row-major order.</summary>
    private readonly struct MeanPlanes(float* xs, float* ys, int planeSize) : IParallelBody
    {
        public void Run(int plane)
        {
            var start = plane * planeSize;
            var sum = 0f;
            for (var i = 0; i < planeSize; i++)
            {
                sum += xs[start + i];
            }

            ys[plane] = sum / planeSize;
        }
    }

    /// <summary>One plane's gradient: its output gradient spread evenly.</summary>
    private readonly struct SpreadPlanes(float* dys, float* dxs, int planeSize) : IParallelBody
    {
        public void Run(int plane) => new Span<float>(dxs + ((nint)plane * planeSize), planeSize).Fill(dys[plane] / planeSize);
    }
}
