namespace Strata.Cpu;

/// <summary>The micro-kernel family <see cref="Gemm"/> runs; tests pin each one, production takes the best supported.</summary>
internal enum GemmKernel
{
    /// <summary><see cref="Avx512MicroKernel"/>, 8 × 32.</summary>
    Avx512,

    /// <summary><see cref="Avx2MicroKernel"/>, 6 × 16.</summary>
    Avx2,

    /// <summary><see cref="PortableMicroKernel"/>, 4 × 2·Vector&lt;float&gt;.Count.</summary>
    Portable,
}
