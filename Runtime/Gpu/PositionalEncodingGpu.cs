using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>Sinusoidal positions on a GPU, with the arguments and semantics of <see cref="PositionalEncodingCpu"/>.</summary>
public static class PositionalEncodingGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>> Caches = new();

    /// <summary>y = x + PE; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, Tensor x, Tensor y)
    {
        PositionalEncodingCpu.Check(batch, steps, width, x, y);
        if (y.Length == 0)
        {
            return;
        }

        var kernel = Caches.GetValue(GpuTensors.Accelerator(x, y), static a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(PositionKernels.AddSinusoids));
        kernel(y.Length, x.View, y.View, steps, width);
    }
}
