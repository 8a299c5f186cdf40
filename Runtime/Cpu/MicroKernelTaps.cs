namespace Strata.Cpu;

/// <summary><see cref="IMicroKernel.RunTaps"/> for kernels without a body of their own, from their other entries.</summary>
internal static unsafe class MicroKernelTaps
{
    /// <summary>
    /// With rows evenly spaced, one <see cref="IMicroKernel.RunRowMajorA"/> a tap, summed in C; otherwise row by row
    /// (<see cref="IMicroKernel.RunRow"/>).
    /// </summary>
    public static void RunRowByRow<TKernel>(float* a, nint* rows, nint* offsets, int taps, float* b, nint bStride, int depth, float* c, nint ldc)
        where TKernel : struct, IMicroKernel
    {
        var identity = default(ActivationEpilogue<IdentityActivation>);
        var lda = TKernel.Rows > 1 ? rows[1] - rows[0] : 0;
        var even = true;
        for (var r = 1; r < TKernel.Rows; r++)
        {
            even &= rows[r] - rows[r - 1] == lda;
        }

        for (var t = 0; t < taps; t++)
        {
            var bt = b + ((nint)t * depth * bStride);
            if (even)
            {
                TKernel.RunRowMajorA(a + offsets[t] + rows[0], lda, TKernel.Rows, bt, bStride, depth, c, ldc, t > 0, identity, 0, 0);
                continue;
            }

            for (var r = 0; r < TKernel.Rows; r++)
            {
                TKernel.RunRow(a + offsets[t] + rows[r], 1, bt, bStride, depth, c + (r * ldc), t > 0, identity, 0, 0);
            }
        }
    }
}
