using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The core of multi-head attention on a GPU, with the arguments and semantics of <see cref="AttentionCpu"/> (self- and
/// cross-attention, with or without attention dropout). Sizes and lengths are checked on the host, since kernels cannot
/// throw; the lengths stay on the device between calls (<see cref="ResidentLengths"/>); dropout masks are drawn on the device
/// (<see cref="DropoutGpu.FillMask"/>) from the same Philox words as on the CPU.
/// </summary>
/// <remarks>Correct, not yet fast: one thread per query row forward, and per query row then per key row backward.</remarks>
public static class AttentionGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>The forward pass; see <see cref="AttentionCpu.Forward(int, int, int, int, int[], Tensor, Tensor, Tensor)"/>.</summary>
    public static void Forward(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context) =>
        CrossForward(batch, steps, steps, heads, width, lengths, qkv, qkv, weights, context);

    /// <summary>The forward pass with attention dropout; see <see cref="AttentionCpu.Forward(int, int, int, int, int[], Tensor, Tensor, Tensor, Tensor, float, Philox, bool)"/>.</summary>
    public static void Forward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context, Tensor mask, float dropout, Philox random, bool training) =>
        CrossForward(batch, steps, steps, heads, width, lengths, qkv, qkv, weights, context, mask, dropout, random, training);

    /// <summary>The backward pass; see <see cref="AttentionCpu.Backward"/>.</summary>
    public static void Backward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor dContext, Tensor dScores, Tensor dQkv, Tensor? mask = null) =>
        CrossBackward(batch, steps, steps, heads, width, lengths, qkv, qkv, weights, dContext, dScores, dQkv, dQkv, mask);

    /// <summary>Cross-attention's forward pass; see <see cref="AttentionCpu.CrossForward(int, int, int, int, int, int[], Tensor, Tensor, Tensor, Tensor)"/>.</summary>
    public static void CrossForward(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor context) =>
        Run(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights, context, null);

    /// <summary>Cross-attention with attention dropout; the mask is drawn on the device, then applied in the forward kernel.</summary>
    public static void CrossForward(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor context,
        Tensor mask, float dropout, Philox random, bool training)
    {
        AttentionCpu.Check(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights);
        ArgumentChecks.Length(mask, nameof(mask), batch, heads, queries, keys);
        GpuTensors.Accelerator(queryQkv, weights, context, mask);
        DropoutGpu.FillMask(mask, dropout, random, training);
        Run(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights, context, mask);
    }

    /// <summary>Cross-attention's backward pass; see <see cref="AttentionCpu.CrossBackward"/>.</summary>
    public static void CrossBackward(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor dContext,
        Tensor dScores, Tensor dQueryQkv, Tensor dKeyQkv, Tensor? mask = null)
    {
        var sizes = AttentionCpu.Check(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights);
        ArgumentChecks.Length(dContext, nameof(dContext), batch, queries, width);
        ArgumentChecks.Length(dScores, nameof(dScores), batch, heads, queries, keys);
        ArgumentChecks.Length(dQueryQkv, nameof(dQueryQkv), batch, queries, 3 * width);
        ArgumentChecks.Length(dKeyQkv, nameof(dKeyQkv), batch, keys, 3 * width);
        if (batch == 0)
        {
            return;
        }

        if (mask is not null)
        {
            ArgumentChecks.Length(mask, nameof(mask), batch, heads, queries, keys);
            GpuTensors.Accelerator(weights, mask);
        }

        var kernels = Caches.GetValue(GpuTensors.Accelerator(queryQkv, keyQkv, weights, dContext, dScores, dQueryQkv, dKeyQkv), static a => new Kernels(a));
        var (m, masked) = mask is null ? (weights.View, 0) : (mask.View, 1);
        kernels.QueryGradient(batch * heads * queries, queryQkv.View, keyQkv.View, weights.View, m, masked, dContext.View, dScores.View, dQueryQkv.View, sizes);
        kernels.KeyGradient(batch * heads * keys, queryQkv.View, weights.View, m, masked, dContext.View, dScores.View, dKeyQkv.View, sizes);
    }

    private static void Run(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor context, Tensor? mask)
    {
        var sizes = AttentionCpu.Check(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, queries, width);
        if (batch == 0)
        {
            return;
        }

        var accelerator = GpuTensors.Accelerator(queryQkv, keyQkv, weights, context);
        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        var (m, masked) = mask is null ? (weights.View, 0) : (mask.View, 1);
        kernels.Forward(batch * heads * queries, queryQkv.View, keyQkv.View, weights.View, m, masked, context.View, ResidentLengths.For(context, keyLengths, batch, keys), sizes);
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<int>, AttentionSizes> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<int>, AttentionSizes>(
                AttentionKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, AttentionSizes> QueryGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, AttentionSizes>(
                AttentionKernels.QueryGradient);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, AttentionSizes> KeyGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, AttentionSizes>(
                AttentionKernels.KeyGradient);
    }
}
