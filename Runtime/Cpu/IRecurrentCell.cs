namespace Strata.Cpu;

/// <summary>
/// The pointwise part of one recurrent cell kind for one sequence, one step and a run of hidden units: the gate
/// nonlinearities and the state update after the GEMMs, and their backward. <see cref="RecurrentLayerCpu{TCell}"/>
/// runs everything else.
/// </summary>
/// <remarks>
/// The units are j0 .. j0 + width of H; every span starts at j0. Gate-shaped spans hold G (or
/// <see cref="SavedVectors"/>) runs of width values, a given stride apart, so a caller can pass a row of a
/// [.., G·H] matrix (stride H) or a micro-kernel's tile (stride one gate tile).
/// </remarks>
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
    /// One step for width = <paramref name="h"/>.Length units. <paramref name="gx"/> = W_ih x + b_ih (gates
    /// <paramref name="gxStride"/> apart) and <paramref name="gh"/> = W_hh h + b_hh (gates <paramref name="ghStride"/>
    /// apart). Writes h (and c) and what backward needs into <paramref name="saved"/> (vectors
    /// <paramref name="savedStride"/> apart), unless it is empty (inference).
    /// </summary>
    static abstract void Forward(
        ReadOnlySpan<float> gx, int gxStride, ReadOnlySpan<float> gh, int ghStride,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> cPrevious, Span<float> h, Span<float> c,
        Span<float> saved, int savedStride);

    /// <summary>
    /// Backward of one step for width = <paramref name="dh"/>.Length units. <paramref name="dh"/> is ∂L/∂h (output
    /// and recurrent paths summed); <paramref name="dc"/> holds ∂L/∂c on entry and ∂L/∂c_prev on return. Writes the
    /// pre-activation gate gradients of the input part (<paramref name="dGatesInput"/>) and, when
    /// <see cref="SeparateHiddenGateGradient"/>, of the hidden part, both with gates <paramref name="stride"/> apart
    /// (the stride of <paramref name="saved"/> too), and the part of ∂L/∂h_prev that bypasses W_hh
    /// (<paramref name="dhPreviousDirect"/>).
    /// </summary>
    static abstract void Backward(
        ReadOnlySpan<float> dh, Span<float> dc, ReadOnlySpan<float> saved, ReadOnlySpan<float> h,
        ReadOnlySpan<float> hPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> cPrevious,
        Span<float> dGatesInput, Span<float> dGatesHidden, int stride, Span<float> dhPreviousDirect);
}
