using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>The mean over valid steps on a GPU, with the arguments and semantics of <see cref="MeanOverStepsCpu"/>; the lengths stay on the device between calls (<see cref="ResidentLengths"/>).</summary>
public static class MeanOverStepsGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y[n] = the mean of x[n] over its valid steps; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, int[]? lengths, Tensor x, Tensor y)
    {
        MeanOverStepsCpu.Check(batch, steps, width, lengths, x, y);
        if (y.Length == 0)
        {
            return;
        }

        var accelerator = GpuTensors.Accelerator(x, y);
        Caches.GetValue(accelerator, static a => new Kernels(a)).Mean(y.Length, x.View, y.View, ResidentLengths.For(y, lengths, batch, steps), steps, width);
    }

    /// <summary>dx = dy / len at valid steps, 0 at padded ones; dx is overwritten.</summary>
    public static void Backward(int batch, int steps, int width, int[]? lengths, Tensor dy, Tensor dx)
    {
        MeanOverStepsCpu.Check(batch, steps, width, lengths, dx, dy);
        if (dx.Length == 0)
        {
            return;
        }

        var accelerator = GpuTensors.Accelerator(dy, dx);
        Caches.GetValue(accelerator, static a => new Kernels(a)).Gradient(dx.Length, dy.View, dx.View, ResidentLengths.For(dx, lengths, batch, steps), steps, width);
    }

    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int> Mean { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(StepKernels.Mean);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int> Gradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(StepKernels.MeanGradient);
    }
}
