using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// A weight gradient's row of one output channel from tap-major order ((tap, c): what products over channels-last or
/// samples-innermost operands give) to PyTorch's [C, KH, KW] ((c, tap)): a taps × C matrix transposed, 8 × 8 in
/// registers where AVX runs and the rest float by float.
/// </summary>
internal static unsafe class TapMajorOrder
{
    /// <summary>target[c·taps + tap] = source[tap·channels + c].</summary>
    public static void ToChannelMajor(float* source, int channels, int taps, float* target)
    {
        var (c8, t8) = (0, 0);
        if (CpuKernels.Vector256 && Avx.IsSupported)
        {
            (c8, t8) = (channels / 8 * 8, taps / 8 * 8);
            for (var c0 = 0; c0 < c8; c0 += 8)
            {
                for (var t0 = 0; t0 < t8; t0 += 8)
                {
                    GemmPacking.TransposeEight(source + ((nint)t0 * channels) + c0, channels, target + ((nint)c0 * taps) + t0, taps);
                }
            }
        }

        // What the 8 × 8 blocks left: the last taps of their channels, then every tap of the other channels.
        for (var c = 0; c < channels; c++)
        {
            for (var tap = c < c8 ? t8 : 0; tap < taps; tap++)
            {
                target[((nint)c * taps) + tap] = source[((nint)tap * channels) + c];
            }
        }
    }
}
