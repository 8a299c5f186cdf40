using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>One step of every sequence on a GPU, with the arguments and semantics of <see cref="TakeStepCpu"/>.</summary>
public static class TakeStepGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y[n] = x[n, index]; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, int index, Tensor x, Tensor y)
    {
        TakeStepCpu.Check(batch, steps, width, index, x, y);
        if (y.Length == 0)
        {
            return;
        }

        Caches.GetValue(GpuTensors.Accelerator(x, y), static a => new Kernels(a)).Take(y.Length, x.View, y.View, steps, width, index);
    }

    /// <summary>dx[n, index] = dy[n], 0 elsewhere; dx is overwritten.</summary>
    public static void Backward(int batch, int steps, int width, int index, Tensor dy, Tensor dx)
    {
        TakeStepCpu.Check(batch, steps, width, index, dx, dy);
        if (dx.Length == 0)
        {
            return;
        }

        Caches.GetValue(GpuTensors.Accelerator(dy, dx), static a => new Kernels(a)).Gradient(dx.Length, dy.View, dx.View, steps, width, index);
    }

    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> Take { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(StepKernels.TakeStep);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int> Gradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int>(StepKernels.TakeStepGradient);
    }
}
