using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    public static void Forward(
        ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious,
        Span<float> h, Span<float> c, Span<float> saved)
    {
        var hidden = h.Length;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + Vector512<float>.Count <= hidden; j += Vector512<float>.Count)
            {
                var i = SigmoidActivation.Apply(Load(gx, j) + Load(gh, j));
                var f = SigmoidActivation.Apply(Load(gx, hidden + j) + Load(gh, hidden + j));
                var g = TanhActivation.Apply(Load(gx, 2 * hidden + j) + Load(gh, 2 * hidden + j));
                var o = SigmoidActivation.Apply(Load(gx, 3 * hidden + j) + Load(gh, 3 * hidden + j));
                var cell = Vector512.FusedMultiplyAdd(f, Load(cPrevious, j), i * g);
                Store(cell, c, j);
                Store(o * TanhActivation.Apply(cell), h, j);
                Store(i, saved, j);
                Store(f, saved, hidden + j);
                Store(g, saved, 2 * hidden + j);
                Store(o, saved, 3 * hidden + j);
            }
        }

        for (; j < hidden; j++)
        {
            var i = Sigmoid(gx[j] + gh[j]);
            var f = Sigmoid(gx[hidden + j] + gh[hidden + j]);
            var g = MathF.Tanh(gx[2 * hidden + j] + gh[2 * hidden + j]);
            var o = Sigmoid(gx[3 * hidden + j] + gh[3 * hidden + j]);
            var cell = f * cPrevious[j] + i * g;
            c[j] = cell;
            h[j] = o * MathF.Tanh(cell);
            saved[j] = i;
            saved[hidden + j] = f;
            saved[2 * hidden + j] = g;
            saved[3 * hidden + j] = o;
        }
    }

    public static void Backward(
        ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> saved, ReadOnlySpan<float> h,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrevious,
        Span<float> dGatesInput, Span<float> dGatesHidden, Span<float> dhPreviousDirect)
    {
        var hidden = h.Length;
        for (var j = 0; j < hidden; j++)
        {
            var (i, f, g, o) = (saved[j], saved[hidden + j], saved[2 * hidden + j], saved[3 * hidden + j]);
            var tanhC = MathF.Tanh(c[j]);
            var dCell = dc[j] + dh[j] * o * (1 - tanhC * tanhC);
            dGatesInput[j] = dCell * g * i * (1 - i);
            dGatesInput[hidden + j] = dCell * cPrevious[j] * f * (1 - f);
            dGatesInput[2 * hidden + j] = dCell * i * (1 - g * g);
            dGatesInput[3 * hidden + j] = dh[j] * tanhC * o * (1 - o);
            dc[j] = dCell * f;
            dhPreviousDirect[j] = 0;
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static Vector512<float> Load(ReadOnlySpan<float> values, int start) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)start);

    private static void Store(Vector512<float> value, Span<float> values, int start) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(values), (nuint)start);
}
