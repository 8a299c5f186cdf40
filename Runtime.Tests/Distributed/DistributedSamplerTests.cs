using Strata.Distributed;

namespace Strata.Runtime.Tests.Distributed;

public sealed class DistributedSamplerTests
{
    [Theory]
    [InlineData(64, 2)]
    [InlineData(64, 3)]
    [InlineData(7, 4)]
    [InlineData(2, 5)]
    [InlineData(1, 1)]
    [InlineData(0, 3)]
    public void The_shards_of_a_batch_are_disjoint_contiguous_in_rank_order_and_cover_it(int count, int size)
    {
        var next = 0;
        for (var rank = 0; rank < size; rank++)
        {
            var shard = DistributedSampler.Shard(count, rank, size);
            Assert.Equal(next, shard.Offset);
            Assert.InRange(shard.Count, count / size, count / size + 1);
            next += shard.Count;
        }

        Assert.Equal(count, next);
    }

    [Fact]
    public void An_uneven_last_batch_gives_the_extra_samples_to_the_first_ranks_and_weights_gradients_by_share()
    {
        // 10 samples on 4 ranks: 3, 3, 2, 2.
        Assert.Equal(new ShardRange(0, 3), DistributedSampler.Shard(10, 0, 4));
        Assert.Equal(new ShardRange(3, 3), DistributedSampler.Shard(10, 1, 4));
        Assert.Equal(new ShardRange(6, 2), DistributedSampler.Shard(10, 2, 4));
        Assert.Equal(new ShardRange(8, 2), DistributedSampler.Shard(10, 3, 4));
        Assert.Equal(0.3f, DistributedSampler.GradientWeight(10, 0, 4));
        Assert.Equal(0.2f, DistributedSampler.GradientWeight(10, 3, 4));

        // A last batch of 1 on 2 ranks: rank 1 trains on nothing and adds a zero gradient.
        Assert.Equal(new ShardRange(1, 0), DistributedSampler.Shard(1, 1, 2));
        Assert.Equal(0f, DistributedSampler.GradientWeight(1, 1, 2));
    }

    [Fact]
    public void Weighted_shard_means_sum_to_the_mean_of_the_whole_batch()
    {
        // What the allreduce computes: sum over ranks of (count_r / n) · mean_r = the mean over all n.
        var values = Enumerable.Range(1, 11).Select(i => (double)i * i).ToArray();
        var total = 0.0;
        for (var rank = 0; rank < 3; rank++)
        {
            var shard = DistributedSampler.Shard(values.Length, rank, 3);
            var mean = values.Skip(shard.Offset).Take(shard.Count).Average();
            total += DistributedSampler.GradientWeight(values.Length, rank, 3) * mean;
        }

        Assert.Equal(values.Average(), total, 1e-5);
    }

    [Fact]
    public void A_rank_outside_the_group_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributedSampler.Shard(8, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributedSampler.Shard(8, -1, 2));
    }
}
