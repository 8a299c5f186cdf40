namespace Strata.Cpu;

/// <summary>Elman cell: h = act(W_ih x + b_ih + W_hh h_prev + b_hh).</summary>
internal readonly struct RnnCell<TActivation> : IRecurrentCell
    where TActivation : struct, IActivation
{
    public static int Gates => 1;

    public static bool HasCellState => false;

    public static int SavedVectors => 0;

    public static bool SeparateHiddenGateGradient => false;

    public static void Forward(
        ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious,
        Span<float> h, Span<float> c, Span<float> saved)
    {
        for (var j = 0; j < h.Length; j++)
        {
            h[j] = TActivation.Apply(gx[j] + gh[j]);
        }
    }

    public static void Backward(
        ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> saved, ReadOnlySpan<float> h,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrevious,
        Span<float> dGatesInput, Span<float> dGatesHidden, Span<float> dhPreviousDirect)
    {
        for (var j = 0; j < h.Length; j++)
        {
            dGatesInput[j] = dh[j] * TActivation.DerivativeFromOutput(h[j]);
            dhPreviousDirect[j] = 0;
        }
    }
}
