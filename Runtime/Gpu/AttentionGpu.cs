using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The core of multi-head self-attention on a GPU, with the arguments and semantics of <see cref="AttentionCpu"/>. Sizes
/// and lengths are checked on the host, since kernels cannot throw; the lengths stay on the device between calls (<see cref="ResidentLengths"/>).
/// </summary>
/// <remarks>Correct, not yet fast: one thread per query row forward, and per query row then per key row backward.</remarks>
public static class AttentionGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>The forward pass; see <see cref="AttentionCpu.Forward"/>.</summary>
    public static void Forward(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context)
    {
        var headSize = AttentionCpu.Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, steps, width);
        if (batch == 0)
        {
            return;
        }

        var accelerator = GpuTensors.Accelerator(qkv, weights, context);
        var kernels = Caches.GetValue(accelerator, static a => new Kernels(a));
        kernels.Forward(batch * heads * steps, qkv.View, weights.View, context.View, ResidentLengths.For(context, lengths, batch, steps), steps, heads, width, headSize, 1f / MathF.Sqrt(headSize));
    }

    /// <summary>The backward pass; see <see cref="AttentionCpu.Backward"/>.</summary>
    public static void Backward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor dContext, Tensor dScores, Tensor dQkv)
    {
        var headSize = AttentionCpu.Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(dContext, nameof(dContext), batch, steps, width);
        ArgumentChecks.Length(dScores, nameof(dScores), batch, heads, steps, steps);
        ArgumentChecks.Length(dQkv, nameof(dQkv), batch, steps, 3 * width);
        if (batch == 0)
        {
            return;
        }

        var kernels = Caches.GetValue(GpuTensors.Accelerator(qkv, weights, dContext, dScores, dQkv), static a => new Kernels(a));
        var scale = 1f / MathF.Sqrt(headSize);
        kernels.QueryGradient(batch * heads * steps, qkv.View, weights.View, dContext.View, dScores.View, dQkv.View, steps, heads, width, headSize, scale);
        kernels.KeyGradient(batch * heads * steps, qkv.View, weights.View, dContext.View, dScores.View, dQkv.View, steps, heads, width, headSize, scale);
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, float> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, float>(AttentionKernels.Forward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, float> QueryGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, float>(AttentionKernels.QueryGradient);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, float> KeyGradient { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, float>(AttentionKernels.KeyGradient);
    }
}
