namespace Strata.Distributed;

/// <summary>
/// How ranks split the samples, as PyTorch's <c>DistributedSampler</c> does: every rank draws the same shuffled order
/// from the shared seed (the <see cref="Training.Trainer"/> shuffles with a <see cref="Philox"/> generator keyed by
/// it), the order is cut into global batches exactly as one process would cut it, and each global batch into
/// <c>size</c> disjoint, contiguous shards in rank order, so together the ranks train on every sample of the batch once.
/// <para>
/// The last-batch policy: nothing is dropped and nothing is repeated (PyTorch pads by repeating samples). A global batch
/// of <c>n</c> samples gives rank <c>r</c> ⌊n / size⌋ samples, plus one for the first <c>n mod size</c> ranks. Shards
/// that differ in size are weighted by their size when the gradients are combined (each rank's mean-loss gradient is
/// multiplied by its count / n before the sum), so the averaged gradient is the mean over the whole batch, the one a
/// single process computes. A rank whose shard is empty (a last batch smaller than the number of ranks) runs no
/// forward pass and contributes a zero gradient.
/// </para>
/// </summary>
public static class DistributedSampler
{
    /// <summary>Rank <paramref name="rank"/>'s shard of a global batch of <paramref name="globalCount"/> samples.</summary>
    public static ShardRange Shard(int globalCount, int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(globalCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, size);
        var share = globalCount / size;
        var extra = globalCount % size;
        var offset = rank * share + Math.Min(rank, extra);
        return new ShardRange(offset, share + (rank < extra ? 1 : 0));
    }

    /// <summary>
    /// The weight rank <paramref name="rank"/>'s mean-loss gradient gets before the sum over ranks: its shard's share
    /// of the global batch (1 / size when the batch divides evenly).
    /// </summary>
    public static float GradientWeight(int globalCount, int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(globalCount, 1);
        return (float)Shard(globalCount, rank, size).Count / globalCount;
    }
}
