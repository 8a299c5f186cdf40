namespace Strata.Cpu;

/// <summary>The vector width the CPU kernels run at; <see cref="CpuKernels.Path"/> is this process's.</summary>
public enum CpuKernelPath
{
    /// <summary>System.Numerics <c>Vector&lt;float&gt;</c> and scalar loops: any CPU .NET runs on.</summary>
    Portable,

    /// <summary>256-bit vectors (AVX2 and FMA on x64): a 6 × 16 GEMM micro-kernel.</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512): an 8 × 32 GEMM micro-kernel.</summary>
    Vector512,
}
