using ILGPU;

namespace Strata.Gpu;

/// <summary>Everything one backward step of a recurrent cell kernel touches (layouts as <see cref="RecurrentStepArguments"/>).</summary>
internal struct RecurrentBackwardArguments
{
    public ArrayView<float> States;          // [(T+1), N, H]
    public ArrayView<float> Cells;           // [(T+1), N, H] (LSTM)
    public ArrayView<float> Vectors;         // [T, N, V·H]
    public ArrayView<float> Dy;              // [N, T, Width]
    public ArrayView<int> Lengths;           // [N]
    public ArrayView<float> DhCurrent;       // [N, H]: ∂L/∂h after this step, without dy; dy is added here
    public ArrayView<float> DhPrevious;      // [N, H]: receives the part of ∂L/∂h_prev that bypasses W_hh
    public ArrayView<float> Dc;              // [N, H]: ∂L/∂c in, ∂L/∂c_prev out (LSTM)
    public ArrayView<float> DGatesInput;     // [T, N, G·H]
    public ArrayView<float> DGatesHidden;    // [T, N, G·H] (GRU; otherwise the same as DGatesInput)
    public int Batch, Steps, Hidden, Width, Offset, Step, Reverse, Relu;
}
