namespace Strata.Cpu;

/// <summary>
/// Scratch memory for CPU kernels (im2col columns, packed panels). One per model; it grows to the largest request
/// and is then reused, so a training step allocates nothing after warm-up.
/// </summary>
public sealed class CpuWorkspace
{
}
