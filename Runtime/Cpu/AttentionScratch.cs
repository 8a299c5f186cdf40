namespace Strata.Cpu;

/// <summary>
/// Per-thread scratch of <see cref="AttentionCpu"/>: each (sample, head) item packs its GEMM operands and, with dropout,
/// P ⊙ mask here. The kernel fans out on the persistent workers of <see cref="CpuParallel"/> (or runs on the calling
/// thread), so each thread grows its buffer once to the largest request and then reuses it: no allocation per call.
/// </summary>
internal static class AttentionScratch
{
    [ThreadStatic]
    private static float[]? _buffer;

    /// <summary>
    /// A pinned buffer of at least <paramref name="length"/> floats for the calling thread, valid until its next call
    /// (pinned, so callers hold raw pointers into it).
    /// </summary>
    public static float[] Get(int length)
    {
        var buffer = _buffer;
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
            _buffer = buffer;
        }

        return buffer;
    }
}
