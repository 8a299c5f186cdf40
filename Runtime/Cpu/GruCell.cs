using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Strata.Cpu.SpanVectors;

namespace Strata.Cpu;

/// <summary>
/// GRU cell, PyTorch gate order r, z, n: n = tanh(W_in x + b_in + r·(W_hn h_prev + b_hn)); h = (1 − z)·n + z·h_prev.
/// Saves r, z, n and W_hn h_prev + b_hn.
/// </summary>
internal readonly struct GruCell : IRecurrentCell
{
    public static int Gates => 3;

    public static bool HasCellState => false;

    public static int SavedVectors => 4;

    public static bool SeparateHiddenGateGradient => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // at tier 0 its vector code runs many times slower
    public static void Forward(
        ReadOnlySpan<float> gx, int gxStride, ReadOnlySpan<float> gh, int ghStride,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious, Span<float> h, Span<float> c,
        Span<float> saved, int savedStride)
    {
        var (width, save) = (h.Length, !saved.IsEmpty);
        var j = 0;
        if (CpuKernels.Vector512)
        {
            for (; j + Vector512<float>.Count <= width; j += Vector512<float>.Count)
            {
                var r = SigmoidActivation.Apply(Load(gx, j) + Load(gh, j));
                var z = SigmoidActivation.Apply(Load(gx, gxStride + j) + Load(gh, ghStride + j));
                var hiddenN = Load(gh, 2 * ghStride + j);
                var n = TanhActivation.Apply(Vector512.FusedMultiplyAdd(r, hiddenN, Load(gx, 2 * gxStride + j)));
                Store(Vector512.FusedMultiplyAdd(z, Load(hPrevious, j) - n, n), h, j);
                if (save)
                {
                    Store(r, saved, j);
                    Store(z, saved, savedStride + j);
                    Store(n, saved, 2 * savedStride + j);
                    Store(hiddenN, saved, 3 * savedStride + j);
                }
            }
        }

        for (; j < width; j++)
        {
            var r = SigmoidActivation.Apply(gx[j] + gh[j]);
            var z = SigmoidActivation.Apply(gx[gxStride + j] + gh[ghStride + j]);
            var hiddenN = gh[2 * ghStride + j];
            var n = MathF.Tanh(gx[2 * gxStride + j] + r * hiddenN);
            h[j] = (1 - z) * n + z * hPrevious[j];
            if (save)
            {
                saved[j] = r;
                saved[savedStride + j] = z;
                saved[2 * savedStride + j] = n;
                saved[3 * savedStride + j] = hiddenN;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> saved, ReadOnlySpan<float> h,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrevious,
        Span<float> dGatesInput, Span<float> dGatesHidden, int stride, Span<float> dhPreviousDirect)
    {
        var width = dh.Length;
        var j = 0;
        if (CpuKernels.Vector512)
        {
            var one = Vector512<float>.One;
            for (; j + Vector512<float>.Count <= width; j += Vector512<float>.Count)
            {
                var (r, z) = (Load(saved, j), Load(saved, stride + j));
                var (n, hiddenN) = (Load(saved, 2 * stride + j), Load(saved, 3 * stride + j));
                var delta = Load(dh, j);
                var dnPre = delta * (one - z) * (one - n * n);
                var drPre = dnPre * hiddenN * r * (one - r);
                var dzPre = delta * (Load(hPrevious, j) - n) * z * (one - z);
                Store(drPre, dGatesInput, j);
                Store(dzPre, dGatesInput, stride + j);
                Store(dnPre, dGatesInput, 2 * stride + j);
                Store(drPre, dGatesHidden, j);
                Store(dzPre, dGatesHidden, stride + j);
                Store(dnPre * r, dGatesHidden, 2 * stride + j);
                Store(delta * z, dhPreviousDirect, j);
            }
        }

        for (; j < width; j++)
        {
            var (r, z, n, hiddenN) = (saved[j], saved[stride + j], saved[2 * stride + j], saved[3 * stride + j]);
            var dnPre = dh[j] * (1 - z) * (1 - n * n);
            var drPre = dnPre * hiddenN * r * (1 - r);
            var dzPre = dh[j] * (hPrevious[j] - n) * z * (1 - z);
            dGatesInput[j] = drPre;
            dGatesInput[stride + j] = dzPre;
            dGatesInput[2 * stride + j] = dnPre;
            dGatesHidden[j] = drPre;
            dGatesHidden[stride + j] = dzPre;
            dGatesHidden[2 * stride + j] = dnPre * r;
            dhPreviousDirect[j] = dh[j] * z;
        }
    }
}
