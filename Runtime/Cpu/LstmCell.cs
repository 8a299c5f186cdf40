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
        for (var j = 0; j < hidden; j++)
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
}
