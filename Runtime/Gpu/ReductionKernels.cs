using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Reductions to one device scalar: each thread sums a grid-strided share, its group combines the shares with
/// ILGPU.Algorithms' group reduction (warp shuffles and one shared-memory pass), and the group's first thread adds the
/// result to the scalar atomically, so one launch covers any length and only one atomic per group touches the total.
/// </summary>
internal static class ReductionKernels
{
    /// <summary>
    /// The groups a grid-stride reduction of <paramref name="length"/> values launches: enough to fill a GPU, at most
    /// <paramref name="maxGroups"/>; one on ILGPU's CPU accelerator, where every group barrier costs about 1.7 ms and a
    /// single group's stride loop is the fastest way through.
    /// </summary>
    public static int Groups(Accelerator accelerator, long length, int groupSize, int maxGroups) =>
        accelerator.AcceleratorType == AcceleratorType.CPU ? 1 : (int)Math.Clamp((length + groupSize - 1) / groupSize, 1, maxGroups);

    /// <summary>total[0] += Σ values[i]²; explicitly grouped (any grid and group size).</summary>
    public static void SumOfSquares(ArrayView<float> values, ArrayView<float> total)
    {
        var sum = 0f;
        var stride = Grid.DimX * Group.DimX;
        for (var i = Grid.GlobalIndex.X; i < values.IntLength; i += stride)
        {
            var value = values[i];
            sum += value * value;
        }

        AddGroupSum(sum, 1f, total);
    }

    /// <summary>
    /// gradient[i] *= maxNorm / (√total[0] + 1e-6) when that factor is below 1 (or NaN, from a norm that is not finite:
    /// PyTorch's clip_grad_norm_ applies it too); the norm is read on the device, so clipping needs no host round trip.
    /// </summary>
    public static void ClipToNorm(Index1D i, ArrayView<float> gradient, ArrayView<float> total, float maxNorm)
    {
        var scale = maxNorm / (XMath.Sqrt(total[0]) + 1e-6f);
        if (!(scale >= 1f))
        {
            gradient[i] *= scale;
        }
    }

    /// <summary>
    /// total[0] += Σ values[at]² over the <paramref name="elements"/> flat indices a segment table covers (see
    /// <see cref="OptimizerKernels.FlatIndex"/>): every unfrozen gradient of a flat gradient buffer in one launch.
    /// Explicitly grouped, grid-strided, one atomic per group.
    /// </summary>
    public static void SumOfSquaresOverSegments(
        ArrayView<float> values, ArrayView<int> segments, int count, int elements, ArrayView<float> total)
    {
        var sum = 0f;
        var stride = Grid.DimX * Group.DimX;
        for (var i = Grid.GlobalIndex.X; i < elements; i += stride)
        {
            var value = values[OptimizerKernels.FlatIndex(i, segments, count)];
            sum += value * value;
        }

        AddGroupSum(sum, 1f, total);
    }

    /// <summary><see cref="ClipToNorm"/> for launch index <paramref name="i"/> of a segment table over a flat gradient buffer.</summary>
    public static void ClipOverSegmentsToNorm(
        Index1D i, ArrayView<float> gradient, ArrayView<int> segments, int count, ArrayView<float> total, float maxNorm)
    {
        var scale = maxNorm / (XMath.Sqrt(total[0]) + 1e-6f);
        if (!(scale >= 1f))
        {
            gradient[OptimizerKernels.FlatIndex(i, segments, count)] *= scale;
        }
    }

    /// <summary>
    /// total[0] += scale · (the sum of every thread's <paramref name="sum"/> in the group), once per group. The group
    /// reduction adds floats atomically on ILGPU's CPU accelerator, so a NaN share travels as a flag beside it. Every
    /// thread of the group must call it.
    /// </summary>
    internal static void AddGroupSum(float sum, float scale, ArrayView<float> total)
    {
        var nan = float.IsNaN(sum) ? 1 : 0;
        var groupSum = GroupExtensions.Reduce<float, AddFloat>(nan != 0 ? 0f : sum);
        var groupNaN = GroupExtensions.Reduce<int, MaxInt32>(nan);
        if (Group.IsFirstThread)
        {
            AddToTotal(total, groupNaN != 0 ? float.NaN : groupSum * scale);
        }
    }

    /// <summary>
    /// total[0] += value, except that a NaN total is left alone and a NaN value is exchanged in rather than added:
    /// ILGPU's CPU accelerator adds floats in a compare-exchange loop that compares values (its group reductions too,
    /// hence the callers' NaN flag), so any atomic add on a NaN total, and adding a NaN, would spin forever there. On the CPU accelerator a reduction launches
    /// one group, so nothing races with the check; on a GPU the hardware atomic does not loop, and a NaN total stays
    /// NaN either way.
    /// </summary>
    private static void AddToTotal(ArrayView<float> total, float value)
    {
        if (float.IsNaN(total[0]))
        {
            return;
        }

        if (float.IsNaN(value))
        {
            Atomic.Exchange(ref total[0], float.NaN);
        }
        else
        {
            Atomic.Add(ref total[0], value);
        }
    }
}
