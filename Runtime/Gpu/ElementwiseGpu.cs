using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Element-wise operations on GPU tensors; the counterpart of <see cref="ElementwiseCpu"/>. A tensor read by several
/// ops sums their gradients with <see cref="AddTo"/>.
/// </summary>
public static class ElementwiseGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>
    /// target += source, element by element. The tensors must hold as many elements, in any shapes (a flattened view
    /// adds into its unflattened source); they may be the same tensor.
    /// </summary>
    public static void AddTo(Tensor source, Tensor target)
    {
        var accelerator = GpuTensors.Accelerator(target, source);
        ArgumentChecks.Length(source, nameof(source), target.Length);
        if (target.Length > 0)
        {
            For(accelerator).AddTo(target.Length, source.View, target.View);
        }
    }

    /// <summary>y = x · mask, element by element, on tensors of equal length already checked; x and y may be one tensor.</summary>
    internal static void Multiply(Tensor x, Tensor mask, Tensor y)
    {
        if (y.Length > 0)
        {
            For(GpuTensors.Accelerator(y, x, mask)).Multiply(y.Length, x.View, mask.View, y.View);
        }
    }

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>> AddTo { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.AddTo);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> Multiply { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(ElementwiseKernels.Multiply);
    }
}
