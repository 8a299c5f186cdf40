using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Concatenation over the first per-sample dimension on GPU tensors, one thread per element of the input block; the
/// counterpart of <see cref="ConcatCpu"/>, with the same arguments.
/// </summary>
public static class ConcatGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y[r, offset + i] = x[r, i] for every row r and i &lt; width.</summary>
    public static void Forward(int rows, int width, int offset, int outputWidth, Tensor x, Tensor y)
    {
        ConcatCpu.Check(rows, width, offset, outputWidth, x, y);
        if (x.Length > 0)
        {
            For(GpuTensors.Accelerator(y, x)).Forward(x.Length, new ConcatBlock(width, offset, outputWidth), x.View, y.View);
        }
    }

    /// <summary>gradX[r, i] = gradY[r, offset + i]: the input's block of the output's gradient.</summary>
    public static void Backward(int rows, int width, int offset, int outputWidth, Tensor gradY, Tensor gradX)
    {
        ConcatCpu.Check(rows, width, offset, outputWidth, gradX, gradY);
        if (gradX.Length > 0)
        {
            For(GpuTensors.Accelerator(gradX, gradY)).Backward(gradX.Length, new ConcatBlock(width, offset, outputWidth), gradY.View, gradX.View);
        }
    }

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>Where element i of an input block sits in the output.</summary>
    internal readonly record struct ConcatBlock(int Width, int Offset, int OutputWidth)
    {
        public int Target(int i) => (i / Width * OutputWidth) + Offset + (i % Width);
    }

    private static void ForwardKernel(Index1D i, ConcatBlock block, ArrayView<float> x, ArrayView<float> y) => y[block.Target(i)] = x[i];

    private static void BackwardKernel(Index1D i, ConcatBlock block, ArrayView<float> gradY, ArrayView<float> gradX) => gradX[i] = gradY[block.Target(i)];

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ConcatBlock, ArrayView<float>, ArrayView<float>> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ConcatBlock, ArrayView<float>, ArrayView<float>>(ForwardKernel);

        public Action<Index1D, ConcatBlock, ArrayView<float>, ArrayView<float>> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ConcatBlock, ArrayView<float>, ArrayView<float>>(BackwardKernel);
    }
}
