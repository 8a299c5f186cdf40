using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// Everything one forward step of a recurrent cell kernel touches; the layouts are those of the CPU path
/// (<see cref="Cpu.RecurrentLayerCpu{TCell}"/>): processing order, states [(T+1), N, H], saved vectors [T, N, V·H].
/// </summary>
internal struct RecurrentStepArguments
{
    public ArrayView<float> InputGates;   // [T, N, G·H], b_ih included
    public ArrayView<float> HiddenGates;  // [N, G·H] of this step, b_hh included
    public ArrayView<float> States;       // [(T+1), N, H]
    public ArrayView<float> Cells;        // [(T+1), N, H] (LSTM; otherwise unused)
    public ArrayView<float> Vectors;      // [T, N, V·H]
    public ArrayView<float> Y;            // [N, T, Width]
    public ArrayView<int> Lengths;        // [N]
    public int Batch, Steps, Hidden, Width, Offset, Step, Reverse, Relu;
}
