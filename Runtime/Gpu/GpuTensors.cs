using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>Host-side checks before a launch: every tensor of one call lives on the same GPU device.</summary>
internal static class GpuTensors
{
    /// <summary>
    /// The accelerator of <paramref name="first"/>; throws unless it is a GPU tensor and every non-null tensor in
    /// <paramref name="others"/> lives on the same device.
    /// </summary>
    public static Accelerator Accelerator(Tensor first, params ReadOnlySpan<Tensor?> others)
    {
        ArgumentNullException.ThrowIfNull(first);
        if (!first.Device.IsGpu)
        {
            throw new ArgumentException($"The GPU kernels run on GPU tensors; this one lives on {first.Device}. Use the CPU kernels.");
        }

        foreach (var other in others)
        {
            if (other is not null && other.Device != first.Device)
            {
                throw new ArgumentException($"All tensors of one call must live on {first.Device}; one lives on {other.Device}.");
            }
        }

        return first.Device.Accelerator;
    }
}
