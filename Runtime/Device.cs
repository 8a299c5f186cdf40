using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Strata.Gpu;

namespace Strata;

/// <summary>
/// A compute device. <see cref="Cpu"/> runs the generated C# kernels; <see cref="IlgpuCpu"/> and <see cref="Cuda"/> run
/// the generated ILGPU kernels. Tensors and models belong to one device.
/// </summary>
public sealed class Device : IDisposable
{
    private static readonly Lazy<Device> SharedCpu = new(() => new Device(DeviceKind.Cpu, null, null));

    private readonly Context? _context;
    private readonly Accelerator? _accelerator;
    private long _hostUploads;
    private long _hostDownloads;
    private AcceleratorStream? _copyStream;

    private Device(DeviceKind kind, Context? context, Accelerator? accelerator)
    {
        Kind = kind;
        _context = context;
        _accelerator = accelerator;
    }

    /// <summary>Held by a GPU device's <c>Predict</c> calls, so they run one at a time per device (see <see cref="ModelGuard"/>).</summary>
    internal Lock Gate { get; } = new();

    /// <summary>
    /// How many copies from host memory to this device's memory the runtime has made so far. Every copy between host and
    /// device goes through one place (<c>HostTransfer</c>), which counts it here or in <see cref="HostDownloads"/>;
    /// device-to-device copies, memsets and kernel launches are not counted. Always 0 on the CPU device. Once warmed up,
    /// a GPU training step uploads only its batch (features and labels, and lengths when they change) and downloads only
    /// the loss the caller asks for; tests assert that with these counters.
    /// </summary>
    public long HostUploads => Interlocked.Read(ref _hostUploads);

    /// <summary>How many copies from this device's memory to host memory the runtime has made so far; see <see cref="HostUploads"/>.</summary>
    public long HostDownloads => Interlocked.Read(ref _hostDownloads);

    /// <summary>Records one host-to-device copy; called by <c>HostTransfer</c> only.</summary>
    internal void CountUpload() => Interlocked.Increment(ref _hostUploads);

    /// <summary>Records one device-to-host copy; called by <c>HostTransfer</c> only.</summary>
    internal void CountDownload() => Interlocked.Increment(ref _hostDownloads);

    /// <summary>
    /// The second stream of a GPU device, on which the trainer uploads the next batch while the current one computes on
    /// the accelerator's default stream (see <c>DoubleBufferedInput</c>). Made on first use; on CUDA it is a
    /// non-blocking stream, so it does not serialise with the legacy default stream the kernels run on.
    /// </summary>
    internal AcceleratorStream CopyStream
    {
        get
        {
            if (_copyStream is null)
            {
                var accelerator = Accelerator;
                _copyStream = accelerator is CudaAccelerator cuda
                    ? cuda.CreateStream(StreamFlags.CU_STREAM_NON_BLOCKING)
                    : accelerator.CreateStream();
            }

            return _copyStream;
        }
    }

    /// <summary>
    /// When set, every counted transfer and every wait on the copy stream is appended here, in the order the host issued
    /// them; tests read it to check that the next batch's copy is issued before the current step's compute is waited for.
    /// Null (the default) records nothing.
    /// </summary>
    internal List<TransferEvent>? TransferLog { get; set; }

    /// <summary>Appends to <see cref="TransferLog"/> when one is set.</summary>
    internal void Record(TransferEvent transfer) => TransferLog?.Add(transfer);

    /// <summary>What kind of device this is.</summary>
    public DeviceKind Kind { get; }

    /// <summary>Whether tensors live in ILGPU buffers and the generated ILGPU kernels run.</summary>
    public bool IsGpu => Kind != DeviceKind.Cpu;

    /// <summary>The ILGPU accelerator behind a GPU device.</summary>
    public Accelerator Accelerator =>
        _accelerator ?? throw new InvalidOperationException("The CPU device has no ILGPU accelerator.");

    /// <summary>The vectorised C# device (shared; disposing it does nothing).</summary>
    public static Device Cpu()
    {
        global::Strata.Cpu.CpuKernels.ThrowIfMisconfigured();
        return SharedCpu.Value;
    }

    /// <summary>
    /// The generated GPU kernels on ILGPU's CPU accelerator, simulating an NVIDIA-like device (warp 32). For tests at
    /// small sizes: each simulated thread costs about a microsecond.
    /// </summary>
    public static Device IlgpuCpu()
    {
        var context = Context.Create(builder => builder.CPU(CPUDeviceKind.Nvidia).EnableAlgorithms().Profiling());
        return new Device(DeviceKind.IlgpuCpu, context, context.CreateCPUAccelerator(0));
    }

    /// <summary>The CUDA GPU with the given index; throws <see cref="InvalidOperationException"/> when there is none.</summary>
    public static Device Cuda(int index = 0)
    {
        var context = Context.Create(builder => builder.Cuda().EnableAlgorithms().Profiling());
        var devices = context.GetCudaDevices();
        if (index < 0 || index >= devices.Count)
        {
            context.Dispose();
            throw new InvalidOperationException(
                $"CUDA device {index} was requested, but {devices.Count} CUDA device(s) are present.");
        }

        return new Device(DeviceKind.Cuda, context, context.CreateCudaAccelerator(index));
    }

    /// <summary>The first CUDA GPU when one is present, otherwise the CPU.</summary>
    public static Device Best()
    {
        try
        {
            return Cuda();
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or TypeInitializationException
                                      or ILGPU.Runtime.Cuda.CudaException)
        {
            return Cpu();
        }
    }

    /// <summary>A zero-filled tensor of the given shape on this device.</summary>
    public Tensor Allocate(params int[] shape) => new(this, shape);

    /// <summary>A tensor of the given shape holding a copy of <paramref name="data"/>.</summary>
    public Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        var tensor = new Tensor(this, shape);
        tensor.CopyFrom(data);
        return tensor;
    }

    /// <summary>Waits until every queued kernel has finished.</summary>
    public void Synchronize() => _accelerator?.Synchronize();

    /// <inheritdoc />
    public override string ToString() => _accelerator is null ? "CPU" : $"{Kind} ({_accelerator.Name})";

    /// <inheritdoc />
    public void Dispose()
    {
        _copyStream?.Dispose();
        _accelerator?.Dispose();
        _context?.Dispose();
    }
}
