using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The bridge from images to sequences on a GPU, with the arguments and semantics of <see cref="ToSequenceCpu"/>:
/// [batch, channels, height, width] → [batch, steps, features]. Sizes are checked on the host, since kernels cannot throw.
/// </summary>
/// <remarks>One thread per value, forward and backward: a permutation, so no thread writes where another does.</remarks>
public static class ToSequenceGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>y = x read along <paramref name="axis"/>; y is overwritten.</summary>
    public static void Forward(int batch, int channels, int height, int width, SequenceAxis axis, Tensor x, Tensor y)
    {
        ToSequenceCpu.Check(batch, channels, height, width, axis, x, nameof(x), y, nameof(y));
        var kernels = Caches.GetValue(GpuTensors.Accelerator(x, y), static a => new Kernels(a));
        kernels.Forward(x.Length, x.View, y.View, channels, height, width, axis == SequenceAxis.Pixels ? 1 : 0);
    }

    /// <summary>dx = dy read back into the image's layout; dx is overwritten.</summary>
    public static void Backward(int batch, int channels, int height, int width, SequenceAxis axis, Tensor dy, Tensor dx)
    {
        ToSequenceCpu.Check(batch, channels, height, width, axis, dx, nameof(dx), dy, nameof(dy));
        var kernels = Caches.GetValue(GpuTensors.Accelerator(dy, dx), static a => new Kernels(a));
        kernels.Backward(dx.Length, dy.View, dx.View, channels, height, width, axis == SequenceAxis.Pixels ? 1 : 0);
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int>(ToSequenceKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int> Backward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, int, int>(ToSequenceKernels.Backward);
    }
}
