namespace Strata.Cpu;

/// <summary>The scratch buffers a <see cref="CpuWorkspace"/> keeps; kernels that are live at once use different slots.</summary>
public enum WorkspaceSlot
{
    /// <summary>Gemm's packed A row blocks.</summary>
    GemmPackedA,

    /// <summary>Gemm's packed B column panels.</summary>
    GemmPackedB,

    /// <summary>im2col columns of one sample.</summary>
    Columns,

    /// <summary>Gradients with respect to the im2col columns, before col2im.</summary>
    ColumnGradients,

    /// <summary>A recurrent layer's input gathered into processing order [T, N, I].</summary>
    RecurrentInput,

    /// <summary>A recurrent layer's input projections for all steps [T, N, G·H], or their gradients in backward.</summary>
    RecurrentInputGates,

    /// <summary>A recurrent layer's hidden-part gate gradients of all steps [T, N, G·H] (GRU).</summary>
    RecurrentHiddenGates,

    /// <summary>A recurrent layer's saved states when the caller keeps none (inference).</summary>
    RecurrentSaved,

    /// <summary>A recurrent layer's state gradients: two ping-pong ∂L/∂h buffers and ∂L/∂c, each [N, H].</summary>
    RecurrentStateGradients,

    /// <summary>A recurrent layer's input gradient in processing order [T, N, I], before it is scattered into dx.</summary>
    RecurrentInputGradient,

    /// <summary>A recurrent layer's W_hhᵀ (forward) or W_hh (backward) packed once per call for the per-step GEMMs.</summary>
    RecurrentPackedWeights,

    /// <summary>One worker's partial weight gradient when a kernel splits the batch across cores.</summary>
    WeightGradients,

    /// <summary>A recurrent layer's b_hh in the column order of its packed W_hhᵀ.</summary>
    RecurrentHiddenBias,

    /// <summary>A pipelined recurrent stack's per-layer, per-step state of each input projection (as ints).</summary>
    RecurrentProjectionStates,

    /// <summary>Where a frozen recurrent layer's backward sums the input-part bias gradient it then drops.</summary>
    RecurrentFrozenInputBias,

    /// <summary>Where a frozen recurrent layer's backward sums the hidden-part bias gradient it then drops.</summary>
    RecurrentFrozenHiddenBias,

    /// <summary>An attention-GRU's projected queries W_q h [N, A] (forward) or their gradient (backward).</summary>
    AttentionQuery,

    /// <summary>An attention-GRU's input gates W_ih [c, x] [N, 3H] (forward) or their gradient (backward).</summary>
    AttentionInputGates,

    /// <summary>An attention-GRU's hidden gates W_hh h [N, 3H] (forward) or their gradient (backward).</summary>
    AttentionHiddenGates,

    /// <summary>An attention-GRU's two ping-pong ∂L/∂h buffers, each [N, H].</summary>
    AttentionStateGradient,

    /// <summary>An attention-GRU's gradient of one step's cell inputs [N, K + I].</summary>
    AttentionInputGradient,

    /// <summary>An attention-GRU's gradient of the projected keys [N, S, A], summed over the steps.</summary>
    AttentionKeyGradient,

    /// <summary>An attention-GRU's ∂L/∂α of one sequence at one step [S].</summary>
    AttentionScoreGradient,

    /// <summary>A padded copy of a convolution's input (<see cref="PaddedInput"/>).</summary>
    PaddedInput,

    /// <summary>A convolution's input with the samples innermost (<see cref="TapMajorColumns"/>).</summary>
    SamplesInnerInput,

    /// <summary>A convolution's output gradient with the samples innermost (<see cref="TapMajorWeightPanels"/>).</summary>
    SamplesInnerGradient,

    /// <summary>A convolution's output gradient as [OC, N·positions] (<see cref="ChannelsLastWeightGradient"/> on small planes).</summary>
    GatheredGradient,

    /// <summary>A sample's padded input copied once per kernel column, shifted by it (<see cref="DirectConv"/>'s weight gradient).</summary>
    ShiftedInput,

    /// <summary>The sum of each (sample, channel) plane of a convolution's output gradient (<see cref="ConvOutputGradient"/>).</summary>
    PlaneSums,

    /// <summary>The partial products of a product whose depth is split across the cores (<see cref="SmallPlaneRows"/>).</summary>
    PartialProducts,
}
