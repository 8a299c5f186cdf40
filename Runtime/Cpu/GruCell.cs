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

    public static void Forward(
        ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious,
        Span<float> h, Span<float> c, Span<float> saved)
    {
        var hidden = h.Length;
        for (var j = 0; j < hidden; j++)
        {
            var r = Sigmoid(gx[j] + gh[j]);
            var z = Sigmoid(gx[hidden + j] + gh[hidden + j]);
            var hiddenN = gh[2 * hidden + j];
            var n = MathF.Tanh(gx[2 * hidden + j] + r * hiddenN);
            h[j] = (1 - z) * n + z * hPrevious[j];
            saved[j] = r;
            saved[hidden + j] = z;
            saved[2 * hidden + j] = n;
            saved[3 * hidden + j] = hiddenN;
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
            var (r, z, n, hiddenN) = (saved[j], saved[hidden + j], saved[2 * hidden + j], saved[3 * hidden + j]);
            var dnPre = dh[j] * (1 - z) * (1 - n * n);
            var drPre = dnPre * hiddenN * r * (1 - r);
            var dzPre = dh[j] * (hPrevious[j] - n) * z * (1 - z);
            dGatesInput[j] = drPre;
            dGatesInput[hidden + j] = dzPre;
            dGatesInput[2 * hidden + j] = dnPre;
            dGatesHidden[j] = drPre;
            dGatesHidden[hidden + j] = dzPre;
            dGatesHidden[2 * hidden + j] = dnPre * r;
            dhPreviousDirect[j] = dh[j] * z;
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
