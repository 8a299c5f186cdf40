namespace Strata.Cpu;

/// <summary>
/// One direction of one Elman RNN layer on the CPU (PyTorch nn.RNN): h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh),
/// with act tanh (<see cref="TanhActivation"/>) or relu (<see cref="ReluActivation"/>).
/// x is [N, T, I]; y is [N, T, OutputWidth] with this direction at <see cref="RecurrentOptions.OutputOffset"/>.
/// </summary>
public static class RnnCpu
{
    /// <summary>Floats in the saved state: (T + 1)·N·H (every hidden state, h0 first).</summary>
    public static int SavedLength(RecurrentGeometry geometry) => RecurrentLayerCpu<RnnCell<TanhActivation>>.SavedLength(geometry);

    /// <summary>
    /// Runs the layer. <paramref name="saved"/> (length <see cref="SavedLength"/>) keeps what backward needs; null
    /// for inference. <paramref name="h0"/> null means zeros; <paramref name="hN"/> receives each sequence's state at its
    /// last valid step.
    /// </summary>
    public static void Forward<TActivation>(
        RecurrentGeometry geometry, Tensor x, RecurrentWeights weights, Tensor y, Tensor? saved, CpuWorkspace workspace,
        RecurrentOptions? options = null, Tensor? h0 = null, Tensor? hN = null)
        where TActivation : struct, IActivation =>
        RecurrentLayerCpu<RnnCell<TActivation>>.Forward(geometry, x, weights, y, saved, options, h0, null, hN, null, workspace);

    /// <summary>
    /// BPTT through a <see cref="Forward{TActivation}"/> call with the same arguments. Overwrites
    /// <paramref name="gradients"/>; dx is added to when <paramref name="accumulateDx"/> (the two directions of a
    /// bidirectional layer), overwritten otherwise, skipped when null. <paramref name="dhN"/> null means zeros.
    /// </summary>
    public static void Backward<TActivation>(
        RecurrentGeometry geometry, Tensor x, RecurrentWeights weights, Tensor saved, Tensor dy, RecurrentWeights? gradients,
        CpuWorkspace workspace, RecurrentOptions? options = null, Tensor? dhN = null, Tensor? dx = null, bool accumulateDx = false,
        Tensor? dh0 = null)
        where TActivation : struct, IActivation =>
        RecurrentLayerCpu<RnnCell<TActivation>>.Backward(
            geometry, x, weights, saved, dy, gradients, options, dhN, null, dx, accumulateDx, dh0, null, workspace);

    /// <summary>
    /// Stacked unidirectional layers in inference (nothing kept for backward, zero initial states): layer l reads
    /// layer l − 1's output (<paramref name="x"/> for layer 0; <paramref name="geometry"/> is layer 0's) and writes
    /// <paramref name="outputs"/>[l], the values <see cref="Forward{TActivation}"/> gives layer by layer. Pipelined
    /// across the cores when the stack has a whole number of layers per core (see <see cref="RecurrentStackCpu{TCell}"/>).
    /// </summary>
    public static void ForwardStack<TActivation>(
        RecurrentGeometry geometry, Tensor x, ReadOnlySpan<RecurrentWeights> weights, ReadOnlySpan<Tensor> outputs, CpuWorkspace workspace,
        RecurrentOptions? options = null)
        where TActivation : struct, IActivation =>
        RecurrentStackCpu<RnnCell<TActivation>>.Forward(geometry, x, weights, outputs, options, workspace);
}
