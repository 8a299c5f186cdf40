using ILGPU;

namespace Strata.Gpu;

/// <summary>Element-wise kernels on flat buffers, one thread per element.</summary>
internal static class ElementwiseKernels
{
    /// <summary>target += source; source and target may be one buffer.</summary>
    public static void AddTo(Index1D i, ArrayView<float> source, ArrayView<float> target)
    {
        target[i] = target[i] + source[i];
    }

    /// <summary>y = x · mask; x and y may be one buffer (dropout in place, forward and backward).</summary>
    public static void Multiply(Index1D i, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y)
    {
        y[i] = x[i] * mask[i];
    }
}
