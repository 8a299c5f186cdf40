using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The non-recurrent layers of sequence models on a GPU, with the semantics of <see cref="EmbeddingCpu"/>,
/// <see cref="OneHotCpu"/> and <see cref="LastStepCpu"/>; dense layers and dropout use <see cref="DenseGpu"/> and
/// <see cref="DropoutGpu"/> as image models do. Token ids are checked on the host before a launch, since kernels cannot throw; ids the trainer uploaded are
/// vouched for by <see cref="UploadedTokenIds"/> and not copied back.
/// </summary>
public static class SequenceGpu
{
    private static readonly ConditionalWeakTable<Accelerator, Kernels> Caches = new();

    /// <summary>ids [rows], w [vocab, dim] → y [rows, dim].</summary>
    public static void EmbeddingForward(int rows, int vocab, int dim, Tensor ids, Tensor w, Tensor y)
    {
        ArgumentChecks.Length(w, nameof(w), vocab, dim);
        ArgumentChecks.Length(y, nameof(y), rows, dim);
        CheckIds(rows, vocab, ids);
        For(ids).Embedding(rows * dim, ids.View, w.View, y.View, dim);
    }

    /// <summary>dw = Σ over rows with id i of dy[row]; dw is overwritten.</summary>
    public static void EmbeddingBackward(int rows, int vocab, int dim, Tensor ids, Tensor dy, Tensor dw)
    {
        ArgumentChecks.Length(dy, nameof(dy), rows, dim);
        ArgumentChecks.Length(dw, nameof(dw), vocab, dim);
        CheckIds(rows, vocab, ids);
        dw.View.MemSetToZero();
        For(ids).EmbeddingBackward(rows * dim, ids.View, dy.View, dw.View, dim);
    }

    /// <summary>ids [rows] → y [rows, vocab].</summary>
    public static void OneHotForward(int rows, int vocab, Tensor ids, Tensor y)
    {
        ArgumentChecks.Length(y, nameof(y), rows, vocab);
        CheckIds(rows, vocab, ids);
        For(ids).OneHot(rows * vocab, ids.View, y.View, vocab);
    }

    /// <summary>y [N, T, D·H] → last [N, D·H]; see <see cref="LastStepCpu.Forward"/>. Null <paramref name="lengths"/> means all sequences are full.</summary>
    public static void LastStepForward(int batch, int steps, int hidden, int directions, int[]? lengths, Tensor y, Tensor last)
    {
        var width = directions * hidden;
        ArgumentChecks.Length(y, nameof(y), batch, steps, width);
        ArgumentChecks.Length(last, nameof(last), batch, width);
        var lengthsView = Lengths(last, batch, steps, lengths);
        For(y).LastStep(batch * width, y.View, last.View, lengthsView, steps, hidden, width);
        y.Device.Accelerator.Synchronize();
    }

    /// <summary>dLast [N, D·H] → dy [N, T, D·H], overwritten; see <see cref="LastStepCpu.Backward"/>. Null <paramref name="lengths"/> means all sequences are full.</summary>
    public static void LastStepBackward(int batch, int steps, int hidden, int directions, int[]? lengths, Tensor dLast, Tensor dy)
    {
        var width = directions * hidden;
        ArgumentChecks.Length(dy, nameof(dy), batch, steps, width);
        ArgumentChecks.Length(dLast, nameof(dLast), batch, width);
        var lengthsView = Lengths(dy, batch, steps, lengths);
        dy.View.MemSetToZero();
        For(dy).LastStepBackward(batch * width, dLast.View, dy.View, lengthsView, steps, hidden, width);
        dy.Device.Accelerator.Synchronize();
    }

    private static void CheckIds(int rows, int vocab, Tensor ids)
    {
        ArgumentChecks.Length(ids, nameof(ids), rows);
        UploadedTokenIds.Check(ids, vocab, nameof(ids));
    }

    /// <summary>The lengths on the device, kept there for the call site named by <paramref name="site"/> (<see cref="ResidentLengths"/>).</summary>
    private static ArrayView<int> Lengths(Tensor site, int batch, int steps, int[]? lengths)
    {
        if (lengths is not null && (lengths.Length != batch || lengths.Any(length => length < 1 || length > steps)))
        {
            throw new ArgumentException($"'lengths' must hold {batch} values in 1..{steps}.", nameof(lengths));
        }

        return ResidentLengths.For(site, lengths, batch, steps);
    }

    private static Kernels For(Tensor tensor)
    {
        if (!tensor.Device.IsGpu)
        {
            throw new ArgumentException($"SequenceGpu runs on GPU tensors; this one lives on {tensor.Device}. Use the CPU kernels.");
        }

        return Caches.GetValue(tensor.Device.Accelerator, accelerator => new Kernels(accelerator));
    }

    /// <summary>The kernels, loaded once per accelerator.</summary>
    private sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Embedding { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(SequenceLayerKernels.EmbeddingForward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> EmbeddingBackward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(SequenceLayerKernels.EmbeddingBackward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, int> OneHot { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(SequenceLayerKernels.OneHotForward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int> LastStep { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int>(SequenceLayerKernels.LastStepForward);

        public Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int> LastStepBackward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int>(SequenceLayerKernels.LastStepBackward);
    }
}
