namespace Strata;

/// <summary>Where a model's tensors live and its kernels run.</summary>
public enum DeviceKind
{
    /// <summary>The generated, vectorised and multi-threaded C# path.</summary>
    Cpu,

    /// <summary>The generated ILGPU kernels on ILGPU's CPU accelerator: a correctness simulator for tests, not a fast path.</summary>
    IlgpuCpu,

    /// <summary>The generated ILGPU kernels on an NVIDIA GPU through CUDA.</summary>
    Cuda,
}
