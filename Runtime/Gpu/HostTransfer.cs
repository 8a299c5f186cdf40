using System.Runtime.InteropServices;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Copies between a tensor on any device and a caller-owned host span, without the temporary arrays of
/// <see cref="Tensor.ToArray"/>, so loops that reuse their host buffers allocate nothing per step.
/// </summary>
internal static class HostTransfer
{
    /// <summary>Copies the whole tensor into the first <see cref="Tensor.Length"/> elements of <paramref name="host"/>.</summary>
    public static void CopyToHost(Tensor source, Span<float> host)
    {
        if (source.Length == 0)
        {
            return;
        }

        if (source.Device.IsGpu)
        {
            source.View.CopyToCPU(ref MemoryMarshal.GetReference(host[..source.Length]), source.Length);
        }
        else
        {
            source.Span.CopyTo(host);
        }
    }

    /// <summary>Copies the first <see cref="Tensor.Length"/> elements of <paramref name="host"/> into the tensor.</summary>
    public static void CopyFromHost(ReadOnlySpan<float> host, Tensor target)
    {
        if (target.Length == 0)
        {
            return;
        }

        if (target.Device.IsGpu)
        {
            target.View.CopyFromCPU(ref MemoryMarshal.GetReference(host[..target.Length]), target.Length);
        }
        else
        {
            host[..target.Length].CopyTo(target.Span);
        }
    }

    /// <summary>Grows <paramref name="buffer"/> to at least <paramref name="length"/> elements; never shrinks it.</summary>
    public static void EnsureCapacity(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
