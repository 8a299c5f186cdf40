namespace Strata.Cpu;

/// <summary>
/// The pointwise part of one recurrent cell kind for one sequence and one step: the gate nonlinearities and the state
/// update after the GEMMs, and their backward. <see cref="RecurrentLayerCpu{TCell}"/> runs everything else.
/// </summary>
internal interface IRecurrentCell
{
    /// <summary>G: the number of gate blocks of H rows in weight_ih and weight_hh.</summary>
    static abstract int Gates { get; }

    /// <summary>Whether the cell carries a second state c (LSTM).</summary>
    static abstract bool HasCellState { get; }

    /// <summary>How many H-wide vectors per sequence and step the backward pass needs besides h and c.</summary>
    static abstract int SavedVectors { get; }

    /// <summary>Whether d(W_hh h + b_hh) differs from d(W_ih x + b_ih) (GRU's reset gate scales the hidden n part).</summary>
    static abstract bool SeparateHiddenGateGradient { get; }

    /// <summary>
    /// One step. <paramref name="gx"/> = W_ih x + b_ih and <paramref name="gh"/> = W_hh h + b_hh, each G·H wide.
    /// Writes h (and c) and what backward needs into <paramref name="saved"/>.
    /// </summary>
    static abstract void Forward(
        ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious,
        Span<float> h, Span<float> c, Span<float> saved);

    /// <summary>
    /// Backward of one step. <paramref name="dh"/> is ∂L/∂h (output and recurrent paths summed); <paramref name="dc"/>
    /// holds ∂L/∂c on entry and ∂L/∂c_prev on return. Writes the pre-activation gate gradients of the input part
    /// (<paramref name="dGatesInput"/>) and, when <see cref="SeparateHiddenGateGradient"/>, of the hidden part, and
    /// the part of ∂L/∂h_prev that bypasses W_hh (<paramref name="dhPreviousDirect"/>).
    /// </summary>
    static abstract void Backward(
        ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> saved, ReadOnlySpan<float> h,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrevious,
        Span<float> dGatesInput, Span<float> dGatesHidden, Span<float> dhPreviousDirect);
}
