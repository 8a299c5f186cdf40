using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Strata.Cpu.SpanVectors;

namespace Strata.Cpu;

/// <summary>
/// LSTM cell, PyTorch gate order i, f, g, o: c = σ(f)·c_prev + σ(i)·tanh(g); h = σ(o)·tanh(c). Saves the four
/// activated gates.
/// </summary>
internal readonly struct LstmCell : IRecurrentCell
{
    public static int Gates => 4;

    public static bool HasCellState => true;

    public static int SavedVectors => 4;

    public static bool SeparateHiddenGateGradient => false;

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
                var i = SigmoidActivation.Apply(Load(gx, j) + Load(gh, j));
                var f = SigmoidActivation.Apply(Load(gx, gxStride + j) + Load(gh, ghStride + j));
                var g = TanhActivation.Apply(Load(gx, 2 * gxStride + j) + Load(gh, 2 * ghStride + j));
                var o = SigmoidActivation.Apply(Load(gx, 3 * gxStride + j) + Load(gh, 3 * ghStride + j));
                var cell = Vector512.FusedMultiplyAdd(f, Load(cPrevious, j), i * g);
                Store(cell, c, j);
                Store(o * TanhActivation.Apply(cell), h, j);
                if (save)
                {
                    Store(i, saved, j);
                    Store(f, saved, savedStride + j);
                    Store(g, saved, 2 * savedStride + j);
                    Store(o, saved, 3 * savedStride + j);
                }
            }
        }

        for (; j < width; j++)
        {
            var i = SigmoidActivation.Apply(gx[j] + gh[j]);
            var f = SigmoidActivation.Apply(gx[gxStride + j] + gh[ghStride + j]);
            var g = MathF.Tanh(gx[2 * gxStride + j] + gh[2 * ghStride + j]);
            var o = SigmoidActivation.Apply(gx[3 * gxStride + j] + gh[3 * ghStride + j]);
            var cell = f * cPrevious[j] + i * g;
            c[j] = cell;
            h[j] = o * MathF.Tanh(cell);
            if (save)
            {
                saved[j] = i;
                saved[savedStride + j] = f;
                saved[2 * savedStride + j] = g;
                saved[3 * savedStride + j] = o;
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
                var (i, f) = (Load(saved, j), Load(saved, stride + j));
                var (g, o) = (Load(saved, 2 * stride + j), Load(saved, 3 * stride + j));
                var delta = Load(dh, j);
                var tanhC = TanhActivation.Apply(Load(c, j));
                var dCell = Vector512.FusedMultiplyAdd(delta * o, one - tanhC * tanhC, Load(dc, j));
                Store(dCell * g * i * (one - i), dGatesInput, j);
                Store(dCell * Load(cPrevious, j) * f * (one - f), dGatesInput, stride + j);
                Store(dCell * i * (one - g * g), dGatesInput, 2 * stride + j);
                Store(delta * tanhC * o * (one - o), dGatesInput, 3 * stride + j);
                Store(dCell * f, dc, j);
                Store(Vector512<float>.Zero, dhPreviousDirect, j);
            }
        }

        for (; j < width; j++)
        {
            var (i, f, g, o) = (saved[j], saved[stride + j], saved[2 * stride + j], saved[3 * stride + j]);
            var tanhC = MathF.Tanh(c[j]);
            var dCell = dc[j] + dh[j] * o * (1 - tanhC * tanhC);
            dGatesInput[j] = dCell * g * i * (1 - i);
            dGatesInput[stride + j] = dCell * cPrevious[j] * f * (1 - f);
            dGatesInput[2 * stride + j] = dCell * i * (1 - g * g);
            dGatesInput[3 * stride + j] = dh[j] * tanhC * o * (1 - o);
            dc[j] = dCell * f;
            dhPreviousDirect[j] = 0;
        }
    }
}
