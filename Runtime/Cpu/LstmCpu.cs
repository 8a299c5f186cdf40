namespace Strata.Cpu;

/// <summary>
/// One direction of one LSTM layer on the CPU (PyTorch nn.LSTM, gate order i, f, g, o):
/// c_t = σ(f)·c_{t−1} + σ(i)·tanh(g), h_t = σ(o)·tanh(c_t).
/// x is [N, T, I]; y is [N, T, OutputWidth] with this direction at <see cref="RecurrentOptions.OutputOffset"/>.
/// </summary>
public static class LstmCpu
{
    /// <summary>Floats in the saved state: 2·(T + 1)·N·H (h and c, initial first) + 4·T·N·H (activated gates).</summary>
    public static int SavedLength(RecurrentGeometry geometry) => RecurrentLayerCpu<LstmCell>.SavedLength(geometry);

    /// <summary>
    /// Runs the layer. <paramref name="saved"/> (length <see cref="SavedLength"/>) keeps what backward needs; null
    /// for inference. Null <paramref name="h0"/>/<paramref name="c0"/> mean zeros; <paramref name="hN"/>/<paramref name="cN"/>
    /// receive each sequence's state at its last valid step.
    /// </summary>
    public static void Forward(
        RecurrentGeometry geometry, Tensor x, RecurrentWeights weights, Tensor y, Tensor? saved, CpuWorkspace workspace,
        RecurrentOptions? options = null, Tensor? h0 = null, Tensor? c0 = null, Tensor? hN = null, Tensor? cN = null) =>
        RecurrentLayerCpu<LstmCell>.Forward(geometry, x, weights, y, saved, options, h0, c0, hN, cN, workspace);

    /// <summary>
    /// BPTT through a <see cref="Forward"/> call with the same arguments. Overwrites <paramref name="gradients"/> (none when null: frozen weights); dx is
    /// added to when <paramref name="accumulateDx"/>, overwritten otherwise, skipped when null. Null
    /// <paramref name="dhN"/>/<paramref name="dcN"/> mean zeros.
    /// </summary>
    public static void Backward(
        RecurrentGeometry geometry, Tensor x, RecurrentWeights weights, Tensor saved, Tensor dy, RecurrentWeights? gradients,
        CpuWorkspace workspace, RecurrentOptions? options = null, Tensor? dhN = null, Tensor? dcN = null, Tensor? dx = null,
        bool accumulateDx = false, Tensor? dh0 = null, Tensor? dc0 = null) =>
        RecurrentLayerCpu<LstmCell>.Backward(
            geometry, x, weights, saved, dy, gradients, options, dhN, dcN, dx, accumulateDx, dh0, dc0, workspace);

    /// <summary>
    /// Stacked unidirectional layers in inference (nothing kept for backward, zero initial states): layer l reads
    /// layer l − 1's output (<paramref name="x"/> for layer 0; <paramref name="geometry"/> is layer 0's) and writes
    /// <paramref name="outputs"/>[l], the values <see cref="Forward"/> gives layer by layer. Pipelined across the cores
    /// when the stack has a whole number of layers per core (see <see cref="RecurrentStackCpu{TCell}"/>).
    /// </summary>
    public static void ForwardStack(
        RecurrentGeometry geometry, Tensor x, ReadOnlySpan<RecurrentWeights> weights, ReadOnlySpan<Tensor> outputs, CpuWorkspace workspace,
        RecurrentOptions? options = null) =>
        RecurrentStackCpu<LstmCell>.Forward(geometry, x, weights, outputs, options, workspace);
}
