using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// The one place where data moves between host memory and a GPU device, either way, so each copy is counted on the
/// device (<see cref="Device.HostUploads"/>, <see cref="Device.HostDownloads"/>). Copies into caller-owned host spans, without the temporary arrays of
/// <see cref="Tensor.ToArray"/>, so loops that reuse their host buffers allocate nothing per step. Nothing else in the
/// runtime calls ILGPU's <c>CopyToCPU</c>/<c>CopyFromCPU</c> or allocates a buffer from a host array.
/// </summary>
internal static unsafe class HostTransfer
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
            Download(source.Device, source.View, host[..source.Length]);
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
            Upload(target.Device, host[..target.Length], target.View);
        }
        else
        {
            host[..target.Length].CopyTo(target.Span);
        }
    }

    /// <summary>Copies <paramref name="source"/> (as long as <paramref name="host"/>) from <paramref name="device"/> into host memory; one counted transfer.</summary>
    public static void Download<T>(Device device, ArrayView<T> source, Span<T> host)
        where T : unmanaged
    {
        if (host.Length == 0)
        {
            return;
        }

        device.CountDownload();
        device.Record(TransferEvent.Download);
        // ILGPU copies through the raw address of the reference it is given and does not pin it: a managed array the GC
        // moved in between would keep its zeros (seen on ILGPU's CPU accelerator under a loaded test run).
        fixed (T* pinned = host)
        {
            source.SubView(0, host.Length).CopyToCPU(ref *pinned, host.Length);
        }
    }

    /// <summary>Copies <paramref name="host"/> into the start of <paramref name="target"/> on <paramref name="device"/>; one counted transfer.</summary>
    public static void Upload<T>(Device device, ReadOnlySpan<T> host, ArrayView<T> target)
        where T : unmanaged
    {
        if (host.Length == 0)
        {
            return;
        }

        device.CountUpload();
        device.Record(TransferEvent.Upload);
        fixed (T* pinned = host)
        {
            target.SubView(0, host.Length).CopyFromCPU(ref *pinned, host.Length);
        }
    }

    /// <summary>
    /// Queues a copy of the first <paramref name="length"/> elements of page-locked <paramref name="host"/> into
    /// <paramref name="target"/> on <paramref name="stream"/> and returns without waiting (on CUDA a true asynchronous
    /// DMA copy, as the memory is pinned); one counted transfer. The caller waits for it (a marker on the stream) before
    /// a kernel reads <paramref name="target"/>, and leaves <paramref name="host"/> alone until then.
    /// </summary>
    public static void UploadAsync(
        Device device, PageLockedArray1D<float> host, int length, ArrayView<float> target, AcceleratorStream stream)
    {
        if (length == 0)
        {
            return;
        }

        device.CountUpload();
        device.Record(TransferEvent.CopyStreamUpload);
        target.SubView(0, length).CopyFromCPUUnsafeAsync(stream, ref MemoryMarshal.GetReference(host.Span), length);
    }

    /// <summary>A new device buffer holding a copy of <paramref name="host"/> (at least one element); one counted transfer.</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(Device device, ReadOnlySpan<T> host)
        where T : unmanaged
    {
        var buffer = device.Accelerator.Allocate1D<T>(Math.Max(host.Length, 1));
        Upload(device, host, buffer.View);
        return buffer;
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
