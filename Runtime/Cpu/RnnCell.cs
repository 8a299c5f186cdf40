using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Strata.Cpu.SpanVectors;

namespace Strata.Cpu;

/// <summary>Elman cell: h = act(W_ih x + b_ih + W_hh h_prev + b_hh).</summary>
internal readonly struct RnnCell<TActivation> : IRecurrentCell
    where TActivation : struct, IActivation
{
    public static int Gates => 1;

    public static bool HasCellState => false;

    public static int SavedVectors => 0;

    public static bool SeparateHiddenGateGradient => false;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // at tier 0 its vector code runs many times slower
    public static void Forward(
        ReadOnlySpan<float> gx, int gxStride, ReadOnlySpan<float> gh, int ghStride,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious, Span<float> h, Span<float> c,
        Span<float> saved, int savedStride)
    {
        var j = 0;
        if (CpuKernels.Vector512)
        {
            for (; j + Vector512<float>.Count <= h.Length; j += Vector512<float>.Count)
            {
                Store(TActivation.Apply(Load(gx, j) + Load(gh, j)), h, j);
            }
        }

        for (; j < h.Length; j++)
        {
            h[j] = TActivation.Apply(gx[j] + gh[j]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> saved, ReadOnlySpan<float> h,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrevious,
        Span<float> dGatesInput, Span<float> dGatesHidden, int stride, Span<float> dhPreviousDirect)
    {
        var j = 0;
        if (CpuKernels.Vector512)
        {
            for (; j + Vector512<float>.Count <= dh.Length; j += Vector512<float>.Count)
            {
                Store(Load(dh, j) * TActivation.DerivativeFromOutput(Load(h, j)), dGatesInput, j);
                Store(Vector512<float>.Zero, dhPreviousDirect, j);
            }
        }

        for (; j < dh.Length; j++)
        {
            dGatesInput[j] = dh[j] * TActivation.DerivativeFromOutput(h[j]);
            dhPreviousDirect[j] = 0;
        }
    }
}
