using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// Everything one step of the attention-GRU's attention kernels (<see cref="AttentionGruKernels"/>) touches; the
/// layouts are those of <see cref="Cpu.AttentionGruTape"/>. Views a kernel does not use are set to any valid view.
/// </summary>
internal struct AttentionGruStepArguments
{
    public ArrayView<float> Memory;       // [N, S, K]: keys and values at once
    public ArrayView<float> X;            // [N, T, I]
    public ArrayView<float> Keys;         // [N, S, A]: W_k m for every memory row
    public ArrayView<float> Query;        // [N, A] of this step: W_q h_{t−1}
    public ArrayView<float> ScoreWeight;  // [A]: w_v
    public ArrayView<float> Features;     // [T, N, S, A]: tanh(q + k)
    public ArrayView<float> Weights;      // [T, N, S]: α, zero past the source length and at masked steps
    public ArrayView<float> Inputs;       // [T, N, K + I]: the cell inputs [context, x]
    public ArrayView<float> DInputs;      // [N, K + I] of this step
    public ArrayView<float> DScores;      // [N, S] of this step: ∂L/∂e
    public ArrayView<float> DQuery;       // [T, N, A]
    public ArrayView<float> DKeys;        // [N, S, A], accumulated over steps
    public ArrayView<float> DScoreParts;  // [T, N, A]: each step's and sequence's share of ∂L/∂w_v
    public ArrayView<float> DMemory;      // [N, S, K], accumulated over steps
    public ArrayView<float> Dx;           // [N, T, I]
    public ArrayView<int> SourceLengths;  // [N], 1..S
    public ArrayView<int> TargetLengths;  // [N], 0..T
    public int Batch, TargetSteps, SourceSteps, InputSize, MemoryWidth, AttentionHidden, Step;
}
