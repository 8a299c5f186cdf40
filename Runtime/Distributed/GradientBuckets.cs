namespace Strata.Distributed;

/// <summary>
/// The trainable parameters' gradients grouped into buckets of at most <see cref="BucketBytes"/> bytes for the
/// allreduce, as PyTorch's DDP groups them: in reverse declaration order, which is the order backward produces them
/// (the last layer's gradients first), so the first bucket is the first one ready. A parameter larger than the cap is
/// a bucket of its own. Frozen parameters are left out: the optimisers skip them on every rank.
/// </summary>
public sealed class GradientBuckets
{
    /// <summary>PyTorch DDP's default bucket size, 25 MiB.</summary>
    public const long DefaultBucketBytes = 25L << 20;

    private readonly Tensor[][] _buckets;

    /// <summary>Plans the buckets of <paramref name="parameters"/>.</summary>
    public GradientBuckets(IReadOnlyList<Parameter> parameters, long bucketBytes = DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, sizeof(float));
        BucketBytes = bucketBytes;
        var buckets = new List<Tensor[]>();
        var current = new List<Tensor>();
        var bytes = 0L;
        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            var parameter = parameters[i];
            if (parameter.IsFrozen)
            {
                continue;
            }

            var size = (long)parameter.Grad.Length * sizeof(float);
            if (current.Count > 0 && bytes + size > bucketBytes)
            {
                buckets.Add([.. current]);
                current.Clear();
                bytes = 0;
            }

            current.Add(parameter.Grad);
            bytes += size;
        }

        if (current.Count > 0)
        {
            buckets.Add([.. current]);
        }

        _buckets = [.. buckets];
    }

    /// <summary>The cap on one bucket's size.</summary>
    public long BucketBytes { get; }

    /// <summary>The gradients of each bucket, in the order they are reduced.</summary>
    public IReadOnlyList<IReadOnlyList<Tensor>> Buckets => _buckets;

    /// <summary>
    /// Replaces every gradient with the sum over ranks of <paramref name="weight"/> × its value, bucket by bucket (the
    /// weight is the rank's share of the global batch, <see cref="DistributedSampler.GradientWeight"/>).
    /// </summary>
    public void Reduce(ICommunicator communicator, float weight)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        foreach (var bucket in _buckets)
        {
            communicator.AllreduceSum(bucket, weight);
        }
    }
}
