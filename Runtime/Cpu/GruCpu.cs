namespace Strata.Cpu;

/// <summary>
/// One direction of one GRU layer on the CPU (PyTorch nn.GRU, gate order r, z, n):
/// n = tanh(W_in x + b_in + r·(W_hn h + b_hn)), h' = (1 − z)·n + z·h.
/// x is [N, T, I]; y is [N, T, OutputWidth] with this direction at <see cref="RecurrentOptions.OutputOffset"/>.
/// </summary>
public static class GruCpu
{
    /// <summary>Floats in the saved state: (T + 1)·N·H (h, initial first) + 4·T·N·H (r, z, n and W_hn h + b_hn).</summary>
    public static int SavedLength(RecurrentGeometry geometry) => RecurrentLayerCpu<GruCell>.SavedLength(geometry);

    /// <summary>
    /// Runs the layer. <paramref name="saved"/> (length <see cref="SavedLength"/>) keeps what backward needs; null
    /// for inference. <paramref name="h0"/> null means zeros; <paramref name="hN"/> receives each sequence's state at its
    /// last valid step.
    /// </summary>
    public static void Forward(
        RecurrentGeometry geometry, Tensor x, RecurrentWeights weights, Tensor y, Tensor? saved, CpuWorkspace workspace,
        RecurrentOptions? options = null, Tensor? h0 = null, Tensor? hN = null) =>
        RecurrentLayerCpu<GruCell>.Forward(geometry, x, weights, y, saved, options, h0, null, hN, null, workspace);

    /// <summary>
    /// BPTT through a <see cref="Forward"/> call with the same arguments. Overwrites <paramref name="gradients"/> (none when null: frozen weights); dx is
    /// added to when <paramref name="accumulateDx"/>, overwritten otherwise, skipped when null. <paramref name="dhN"/>
    /// null means zeros.
    /// </summary>
    public static void Backward(
        RecurrentGeometry geometry, Tensor x, RecurrentWeights weights, Tensor saved, Tensor dy, RecurrentWeights? gradients,
        CpuWorkspace workspace, RecurrentOptions? options = null, Tensor? dhN = null, Tensor? dx = null, bool accumulateDx = false,
        Tensor? dh0 = null) =>
        RecurrentLayerCpu<GruCell>.Backward(
            geometry, x, weights, saved, dy, gradients, options, dhN, null, dx, accumulateDx, dh0, null, workspace);

    /// <summary>
    /// Stacked unidirectional layers in inference (nothing kept for backward, zero initial states): layer l reads
    /// layer l − 1's output (<paramref name="x"/> for layer 0; <paramref name="geometry"/> is layer 0's) and writes
    /// <paramref name="outputs"/>[l], the values <see cref="Forward"/> gives layer by layer. Pipelined across the cores
    /// when the stack has a whole number of layers per core (see <see cref="RecurrentStackCpu{TCell}"/>).
    /// </summary>
    public static void ForwardStack(
        RecurrentGeometry geometry, Tensor x, ReadOnlySpan<RecurrentWeights> weights, ReadOnlySpan<Tensor> outputs, CpuWorkspace workspace,
        RecurrentOptions? options = null) =>
        RecurrentStackCpu<GruCell>.Forward(geometry, x, weights, outputs, options, workspace);
}
