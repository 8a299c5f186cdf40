using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// The LeakyReLU kernels, one thread per element, with the scalar formulas of <see cref="Cpu.LeakyReluCpu"/>; the slope
/// has been checked on the host.
/// </summary>
internal static class LeakyReluKernels
{
    /// <summary>y = y if y &gt; 0, else slope · y, in place.</summary>
    public static void Forward(Index1D i, ArrayView<float> y, float negativeSlope)
    {
        var value = y[i];
        y[i] = value > 0f ? value : value * negativeSlope;
    }

    /// <summary>dy = dy · (1 if y &gt; 0, else slope) in place, from the activation's output y.</summary>
    public static void Backward(Index1D i, ArrayView<float> y, ArrayView<float> dy, float negativeSlope)
    {
        var gradient = dy[i];
        dy[i] = y[i] > 0f ? gradient : gradient * negativeSlope;
    }
}
