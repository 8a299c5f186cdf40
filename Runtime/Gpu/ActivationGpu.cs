using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Activations that are not fused into a kernel's epilogue (after pooling or flatten), on a GPU; the counterpart of
/// <see cref="ActivationCpu"/>, with the activation given as a <see cref="DenseActivation"/> instead of a generic struct.
/// </summary>
public static class ActivationGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y = act(y), in place.</summary>
    public static void ForwardInPlace(DenseActivation activation, Tensor y)
    {
        var accelerator = GpuTensors.Accelerator(y);
        if (Check(activation) && y.Length > 0)
        {
            For(accelerator).Forward(y.Length, y.View, (int)activation);
        }
    }

    /// <summary>dy = dy · act′(y), in place, where y is the activation's output.</summary>
    public static void BackwardInPlace(DenseActivation activation, Tensor y, Tensor dy)
    {
        var accelerator = GpuTensors.Accelerator(y, dy);
        ArgumentChecks.Length(dy, nameof(dy), y.Shape);
        if (Check(activation) && y.Length > 0)
        {
            For(accelerator).Backward(y.Length, y.View, dy.View, (int)activation);
        }
    }

    /// <summary>
    /// Throws on a value outside the enum (a kernel would silently treat it as the identity); returns whether the
    /// activation does anything.
    /// </summary>
    internal static bool Check(DenseActivation activation)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }

        return activation != DenseActivation.Identity;
    }

    private static Kernels For(Accelerator accelerator) => Caches.GetValue(accelerator, static a => new Kernels(a));

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, int> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int>(ActivationKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(ActivationKernels.Backward);
    }
}
