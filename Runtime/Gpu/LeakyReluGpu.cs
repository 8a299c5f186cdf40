using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// LeakyReLU on a GPU with the arguments and semantics of <see cref="LeakyReluCpu"/>: in place over a layer's output
/// after its forward, and over the output gradient before its backward, the derivative taken from the output. The
/// slope is checked on the host (finite and ≥ 0), as are the lengths and devices, since a kernel cannot throw.
/// </summary>
public static class LeakyReluGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y = y if y &gt; 0, else <paramref name="negativeSlope"/> · y, in place; NaN stays NaN.</summary>
    public static void ForwardInPlace(float negativeSlope, Tensor y)
    {
        LeakyReluCpu.CheckSlope(negativeSlope);
        var accelerator = GpuTensors.Accelerator(y);
        if (y.Length > 0)
        {
            For(accelerator).Forward(y.Length, y.View, negativeSlope);
        }
    }

    /// <summary>
    /// dy = dy · (1 if y &gt; 0, else <paramref name="negativeSlope"/>), in place, where y is the activation's
    /// output; dy holds as many values as y, on the same device.
    /// </summary>
    public static void BackwardInPlace(float negativeSlope, Tensor y, Tensor dy)
    {
        LeakyReluCpu.CheckSlope(negativeSlope);
        var accelerator = GpuTensors.Accelerator(y, dy);
        ArgumentChecks.Length(dy, nameof(dy), y.Shape);
        if (y.Length > 0)
        {
            For(accelerator).Backward(y.Length, y.View, dy.View, negativeSlope);
        }
    }

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, float> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(LeakyReluKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, float> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(LeakyReluKernels.Backward);
    }
}
