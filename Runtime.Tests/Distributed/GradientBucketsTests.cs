using Strata.Distributed;

namespace Strata.Runtime.Tests.Distributed;

public sealed class GradientBucketsTests
{
    [Fact]
    public void Buckets_follow_backward_order_respect_the_cap_and_leave_frozen_parameters_out()
    {
        var device = Device.Cpu();
        Parameter[] parameters =
        [
            new(device, "a", 60), new(device, "b", 50), new(device, "c", 30), new(device, "d", 400), new(device, "e", 20),
        ];
        parameters[1].IsFrozen = true;

        // A cap of 100 floats: e (20) + d (400) overflows, so e alone; then d alone (larger than the cap); then c (30) + a (60).
        var buckets = new GradientBuckets(parameters, bucketBytes: 100 * sizeof(float));
        var names = buckets.Buckets.Select(b => b.Select(g => Array.FindIndex(parameters, p => ReferenceEquals(p.Grad, g))).ToArray()).ToArray();
        Assert.Equal([[4], [3], [2, 0]], names);
    }

    [Fact]
    public void Reduce_hands_each_bucket_with_the_rank_weight_to_the_communicator()
    {
        var device = Device.Cpu();
        Parameter[] parameters = [new(device, "a", 3), new(device, "b", 2)];
        parameters[0].Grad.CopyFrom([1, 2, 3]);
        parameters[1].Grad.CopyFrom([4, 5]);
        var communicator = new TwoRankEcho();
        new GradientBuckets(parameters).Reduce(communicator, weight: 0.25f);

        // The fake's other rank holds the same gradients, so the sum is 2 · 0.25 · g.
        Assert.Equal([0.5f, 1, 1.5f], parameters[0].Grad.ToArray());
        Assert.Equal([2f, 2.5f], parameters[1].Grad.ToArray());
        Assert.Equal(1, communicator.Calls);
    }

    /// <summary>A two-rank group whose other rank holds exactly what this one does.</summary>
    private sealed class TwoRankEcho : ICommunicator
    {
        public int Calls { get; private set; }

        public int Rank => 0;

        public int Size => 2;

        public void AllreduceSum(IReadOnlyList<Tensor> bucket, float scale)
        {
            Calls++;
            foreach (var tensor in bucket)
            {
                var values = tensor.ToArray();
                tensor.CopyFrom(values.Select(v => 2 * scale * v).ToArray());
            }
        }

        public void AllreduceSum(Span<double> values)
        {
            foreach (ref var value in values)
            {
                value *= 2;
            }
        }

        public void Broadcast(Tensor tensor, int root)
        {
        }

        public void Broadcast(Span<double> values, int root)
        {
        }

        public void Abort(string message) => throw new InvalidOperationException(message);

        public void Dispose()
        {
        }
    }
}
