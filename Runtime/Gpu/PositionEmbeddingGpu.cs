using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>Learned positions on a GPU, with the arguments and semantics of <see cref="PositionEmbeddingCpu"/>.</summary>
public static class PositionEmbeddingGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y = x + W[t]; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, int maxSteps, Tensor x, Tensor weight, Tensor y)
    {
        PositionEmbeddingCpu.Check(batch, steps, width, maxSteps, weight);
        ArgumentChecks.Length(x, nameof(x), batch, steps, width);
        ArgumentChecks.Length(y, nameof(y), batch, steps, width);
        if (y.Length == 0)
        {
            return;
        }

        Caches.GetValue(GpuTensors.Accelerator(x, weight, y), static a => new Kernels(a)).Add(y.Length, x.View, weight.View, y.View, steps, width);
    }

    /// <summary>dW[t] = Σ_n dy[n, t], 0 past the steps; overwritten.</summary>
    public static void Backward(int batch, int steps, int width, int maxSteps, Tensor dy, Tensor dWeight)
    {
        PositionEmbeddingCpu.Check(batch, steps, width, maxSteps, dWeight);
        ArgumentChecks.Length(dy, nameof(dy), batch, steps, width);
        Caches.GetValue(GpuTensors.Accelerator(dy, dWeight), static a => new Kernels(a)).Gradient(dWeight.Length, dy.View, dWeight.View, batch, steps, width);
    }

    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> Add { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(PositionKernels.AddTable);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> Gradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(PositionKernels.TableGradient);
    }
}
