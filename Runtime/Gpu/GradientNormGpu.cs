using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Gradient clipping by global norm on a GPU, without a host round trip: one reduction launch per parameter adds its
/// Σ g² into a device scalar (<see cref="ReductionKernels.SumOfSquares"/>), then one launch per parameter scales its
/// gradient by a factor it reads from that scalar (<see cref="ReductionKernels.ClipToNorm"/>). The norm reaches the
/// host only when <see cref="ReadNorm"/> is called. The scalar belongs to the parameter list (keyed by its first
/// gradient), so two trainers on one device do not share it.
/// </summary>
internal static class GradientNormGpu
{
    private const int MaxGroups = 256;

    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();
    private static readonly ConditionalWeakTable<Tensor, MemoryBuffer1D<float, Stride1D.Dense>> Totals = new();

    /// <summary>Queues the norm and the clipping of every unfrozen gradient in <paramref name="parameters"/> (all on one GPU).</summary>
    public static void Clip(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        var device = parameters[0].Grad.Device;
        var accelerator = device.Accelerator;
        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        var total = Total(parameters);
        total.MemSetToZero();
        var groupSize = Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        foreach (var parameter in parameters)
        {
            if (!parameter.IsFrozen && parameter.Grad.Length > 0)
            {
                var groups = ReductionKernels.Groups(accelerator, parameter.Grad.Length, groupSize, MaxGroups);
                kernels.SumOfSquares(new KernelConfig(groups, groupSize), parameter.Grad.View, total.View);
            }
        }

        foreach (var parameter in parameters)
        {
            if (!parameter.IsFrozen && parameter.Grad.Length > 0)
            {
                kernels.ClipToNorm(parameter.Grad.Length, parameter.Grad.View, total.View, maxNorm);
                parameter.Grad.MarkChanged();
            }
        }
    }

    /// <summary>The norm of the last <see cref="Clip"/> over the same list, before clipping: one transfer.</summary>
    public static float ReadNorm(IReadOnlyList<Parameter> parameters)
    {
        Span<float> sumOfSquares = stackalloc float[1];
        HostTransfer.Download(parameters[0].Grad.Device, Total(parameters).View, sumOfSquares);
        return MathF.Sqrt(sumOfSquares[0]);
    }

    private static MemoryBuffer1D<float, Stride1D.Dense> Total(IReadOnlyList<Parameter> parameters) =>
        Totals.GetValue(parameters[0].Grad.Storage, static g => g.Device.Accelerator.Allocate1D<float>(1));

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<KernelConfig, ArrayView<float>, ArrayView<float>> SumOfSquares { get; } =
            accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>>(ReductionKernels.SumOfSquares);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, float> ClipToNorm { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(ReductionKernels.ClipToNorm);
    }
}
