using ILGPU;
using ILGPU.Algorithms;

namespace Strata.Gpu;

/// <summary>The kernels of the position layers, with the formulas of <see cref="Cpu.PositionalEncodingCpu"/> and <see cref="Cpu.PositionEmbeddingCpu"/>.</summary>
internal static class PositionKernels
{
    /// <summary>One thread per value: y = x + sin(t·f) or cos(t·f), f = 10000^(−2i/d) (the CPU computes PE in double, this in float).</summary>
    public static void AddSinusoids(Index1D at, ArrayView<float> x, ArrayView<float> y, int steps, int width)
    {
        var c = at % width;
        var t = at / width % steps;
        var frequency = XMath.Exp(-(c - c % 2) / (float)width * XMath.Log(10000f));
        var angle = t * frequency;
        y[at] = x[at] + (c % 2 == 0 ? XMath.Sin(angle) : XMath.Cos(angle));
    }

    /// <summary>One thread per value: y = x + W[t].</summary>
    public static void AddTable(Index1D at, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> y, int steps, int width)
    {
        var c = at % width;
        var t = at / width % steps;
        y[at] = x[at] + weight[t * width + c];
    }

    /// <summary>One thread per value of W: the sum of dy over the batch at its step, in order; 0 past the steps.</summary>
    public static void TableGradient(Index1D at, ArrayView<float> dy, ArrayView<float> dWeight, int batch, int steps, int width)
    {
        var c = at % width;
        var t = at / width;
        var sum = 0f;
        if (t < steps)
        {
            for (var n = 0; n < batch; n++)
            {
                sum += dy[(n * steps + t) * width + c];
            }
        }

        dWeight[at] = sum;
    }
}
