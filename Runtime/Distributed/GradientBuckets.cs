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
    private readonly int[][] _members;
    private readonly int[] _bucketOf;
    private readonly bool[] _frozen;

    /// <summary>Plans the buckets of <paramref name="parameters"/>.</summary>
    public GradientBuckets(IReadOnlyList<Parameter> parameters, long bucketBytes = DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketBytes, sizeof(float));
        BucketBytes = bucketBytes;
        var buckets = new List<int[]>();
        var current = new List<int>();
        var bytes = 0L;
        _bucketOf = new int[parameters.Count];
        _frozen = new bool[parameters.Count];
        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            var parameter = parameters[i];
            _bucketOf[i] = -1;
            if (parameter.IsFrozen)
            {
                _frozen[i] = true;
                continue;
            }

            var size = (long)parameter.Grad.Length * sizeof(float);
            if (current.Count > 0 && bytes + size > bucketBytes)
            {
                buckets.Add([.. current]);
                current.Clear();
                bytes = 0;
            }

            _bucketOf[i] = buckets.Count;
            current.Add(i);
            bytes += size;
        }

        if (current.Count > 0)
        {
            buckets.Add([.. current]);
        }

        _members = [.. buckets];
        _buckets = [.. buckets.Select(bucket => bucket.Select(i => parameters[i].Grad).ToArray())];
    }

    /// <summary>The cap on one bucket's size.</summary>
    public long BucketBytes { get; }

    /// <summary>The gradients of each bucket, in the order they are reduced.</summary>
    public IReadOnlyList<IReadOnlyList<Tensor>> Buckets => _buckets;

    /// <summary>The indices in the model's parameter list of each bucket's parameters, in the order of <see cref="Buckets"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Members => _members;

    /// <summary>The number of parameters planned for, frozen ones included.</summary>
    public int ParameterCount => _bucketOf.Length;

    /// <summary>The bucket that holds parameter <paramref name="parameter"/> (an index in the model's list); −1 for a frozen one.</summary>
    public int BucketOf(int parameter) => _bucketOf[parameter];

    /// <summary>
    /// Whether this plan still fits <paramref name="parameters"/>: the same number, frozen where they were frozen. A
    /// parameter frozen or unfrozen since needs a new plan.
    /// </summary>
    public bool Fits(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != _frozen.Length)
        {
            return false;
        }

        for (var i = 0; i < _frozen.Length; i++)
        {
            if (parameters[i].IsFrozen != _frozen[i])
            {
                return false;
            }
        }

        return true;
    }

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
