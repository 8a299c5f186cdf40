namespace Strata.Gpu;

/// <summary>What <see cref="Device.TransferLog"/> records: the counted transfers and the waits on the copy stream, in issue order.</summary>
internal enum TransferEvent
{
    /// <summary>A host-to-device copy on the default (compute) stream; the host waits for it.</summary>
    Upload,

    /// <summary>A device-to-host copy on the default stream: the host waits for every launch queued before it.</summary>
    Download,

    /// <summary>A host-to-device copy from page-locked memory issued on the copy stream; the host does not wait.</summary>
    CopyStreamUpload,

    /// <summary>The host waits for a copy-stream upload to finish before launching kernels that read its buffer.</summary>
    CopyStreamWait,

    /// <summary>The host waits until the compute stream has finished with a buffer before copying into it again.</summary>
    ComputeReleaseWait,
}
