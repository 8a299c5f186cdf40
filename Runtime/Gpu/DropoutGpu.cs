using System.Runtime.CompilerServices;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// Dropout on a GPU with the arguments and semantics of <see cref="DropoutCpu"/>. The mask is drawn on the host with
/// <see cref="DropoutCpu.FillMask"/> and copied to the device, so the same generator drops the same elements on both
/// devices.
/// </summary>
public static class DropoutGpu
{
    // The host staging buffer of each mask, for the overload without one: allocated once per mask tensor.
    private static readonly ConditionalWeakTable<Tensor, float[]> HostMasks = new();

    /// <summary>
    /// Draws a new mask from <paramref name="random"/> when <paramref name="training"/>, else sets it to 1, then
    /// writes y = x · mask. x and y may be the same tensor. The mask is drawn into a host buffer kept for this mask
    /// tensor, so after the first call this allocates nothing.
    /// </summary>
    public static void Forward(Tensor mask, Tensor x, Tensor y, float p, Philox random, bool training)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Forward(mask, HostMasks.GetValue(mask, static m => new float[m.Length]), x, y, p, random, training);
    }

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, Tensor, float, Philox, bool)"/> with a caller-owned host buffer of the
    /// mask's length to draw into.
    /// </summary>
    public static void Forward(Tensor mask, float[] hostMask, Tensor x, Tensor y, float p, Philox random, bool training)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(hostMask);
        ArgumentChecks.Length(x, nameof(x), mask.Shape);
        ArgumentChecks.Length(y, nameof(y), mask.Shape);
        GpuTensors.Accelerator(mask, x, y);
        if (hostMask.Length != mask.Length)
        {
            throw new ArgumentException($"'hostMask' should hold {mask.Length} values, like the mask, but holds {hostMask.Length}.", nameof(hostMask));
        }

        DropoutCpu.FillMask(hostMask, p, random, training);
        HostTransfer.CopyFromHost(hostMask, mask);
        ElementwiseGpu.Multiply(x, mask, y);
    }

    /// <summary>dx = dy · mask, with the mask of the last <see cref="Forward(Tensor, Tensor, Tensor, float, Philox, bool)"/>; dy and dx may be the same tensor.</summary>
    public static void Backward(Tensor mask, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentChecks.Length(dy, nameof(dy), mask.Shape);
        ArgumentChecks.Length(dx, nameof(dx), mask.Shape);
        GpuTensors.Accelerator(mask, dy, dx);
        ElementwiseGpu.Multiply(dy, mask, dx);
    }
}
