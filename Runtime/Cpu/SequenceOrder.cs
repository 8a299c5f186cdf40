namespace Strata.Cpu;

/// <summary>
/// Maps a processing step to a time index. Every sequence is valid for processing steps 0..length−1 (time s forwards,
/// length−1−s in reverse); the padded steps map to themselves, so each sequence's map is a permutation of 0..T−1.
/// Processing in this order lets one GEMM per step cover every sequence, with masking for the padded ones.
/// </summary>
public static class SequenceOrder
{
    /// <summary>The time index that sequence of <paramref name="length"/> visits at processing step <paramref name="step"/>.</summary>
    public static int TimeOf(int step, int length, bool reverse) =>
        step >= length ? step : reverse ? length - 1 - step : step;
}
