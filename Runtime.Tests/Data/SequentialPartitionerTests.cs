using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class SequentialPartitionerTests
{
    private static (int[][] X, int[][] Y) Epoch(SequentialPartitioner partitioner)
    {
        var x = new List<int[]>();
        var y = new List<int[]>();
        for (var i = 0; i < partitioner.BatchCount; i++)
        {
            var inputs = new int[partitioner.BatchSize * partitioner.Steps];
            var targets = new int[inputs.Length];
            partitioner.Batch<int>(i, inputs, targets);
            x.Add(inputs);
            y.Add(targets);
        }

        return ([.. x], [.. y]);
    }

    /// <summary>d2l's seq_data_iter_sequential transcribed with plain slicing: the oracle.</summary>
    private static (int[][] X, int[][] Y) D2lReference(int[] corpus, int batchSize, int steps, int offset)
    {
        var numTokens = (corpus.Length - offset - 1) / batchSize * batchSize;
        var xs = corpus[offset..(offset + numTokens)];
        var ys = corpus[(offset + 1)..(offset + 1 + numTokens)];
        var rowLength = numTokens / batchSize;
        var batches = rowLength / steps;
        int[] Take(int[] flat, int i) => Enumerable.Range(0, batchSize)
            .SelectMany(row => flat.Skip(row * rowLength + i * steps).Take(steps)).ToArray();
        return (Enumerable.Range(0, batches).Select(i => Take(xs, i)).ToArray(),
                Enumerable.Range(0, batches).Select(i => Take(ys, i)).ToArray());
    }

    [Fact]
    public void Reproduces_d2ls_example_of_range_35_with_batch_2_and_5_steps()
    {
        // d2l 9.3 / 8.3: with offset 0 the rows are 0..16 and 17..33, and three batches of five steps follow each other.
        var partitioner = new SequentialPartitioner([.. Enumerable.Range(0, 35)], batchSize: 2, steps: 5, seed: 0);
        Assert.Equal(3, partitioner.StartEpoch(0));
        var (x, y) = Epoch(partitioner);

        Assert.Equal([0, 1, 2, 3, 4, /**/ 17, 18, 19, 20, 21], x[0]);
        Assert.Equal([1, 2, 3, 4, 5, /**/ 18, 19, 20, 21, 22], y[0]);
        Assert.Equal([5, 6, 7, 8, 9, /**/ 22, 23, 24, 25, 26], x[1]);
        Assert.Equal([6, 7, 8, 9, 10, /**/ 23, 24, 25, 26, 27], y[1]);
        Assert.Equal([10, 11, 12, 13, 14, /**/ 27, 28, 29, 30, 31], x[2]);
        Assert.Equal([11, 12, 13, 14, 15, /**/ 28, 29, 30, 31, 32], y[2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_offset_matches_the_transcribed_d2l_iterator(int offset)
    {
        var corpus = Enumerable.Range(0, 61).Select(i => (i * 7919) % 97).ToArray();
        var partitioner = new SequentialPartitioner(corpus, batchSize: 3, steps: 5, seed: 0);
        partitioner.StartEpoch(offset);
        var (expectedX, expectedY) = D2lReference(corpus, 3, 5, offset);
        var (x, y) = Epoch(partitioner);
        Assert.Equal(expectedX, x);
        Assert.Equal(expectedY, y);
    }

    [Fact]
    public void Each_row_continues_the_same_row_of_the_previous_batch_and_targets_are_inputs_shifted_by_one()
    {
        var partitioner = new SequentialPartitioner([.. Enumerable.Range(0, 1000)], batchSize: 4, steps: 7, seed: 3);
        for (var epoch = 0; epoch < 5; epoch++)
        {
            partitioner.StartEpoch();
            var (x, y) = Epoch(partitioner);
            for (var i = 0; i < x.Length; i++)
            {
                for (var row = 0; row < 4; row++)
                {
                    for (var t = 0; t < 7; t++)
                    {
                        Assert.Equal(x[i][row * 7 + t] + 1, y[i][row * 7 + t]);
                        if (i > 0 || t > 0)
                        {
                            var previous = t > 0 ? x[i][row * 7 + t - 1] : x[i - 1][row * 7 + 6];
                            Assert.Equal(previous + 1, x[i][row * 7 + t]);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Offsets_are_random_in_zero_to_steps_and_repeat_for_the_same_seed()
    {
        int[] Offsets(int seed)
        {
            var partitioner = new SequentialPartitioner(new int[200], batchSize: 2, steps: 4, seed);
            return [.. Enumerable.Range(0, 100).Select(_ => { partitioner.StartEpoch(); return partitioner.Offset; })];
        }

        var offsets = Offsets(7);
        Assert.Equal(offsets, Offsets(7));
        Assert.Equal([0, 1, 2, 3, 4], offsets.Distinct().Order());
    }

    [Fact]
    public void Float_inputs_hold_the_same_ids()
    {
        var corpus = Enumerable.Range(0, 50).Select(i => i % 28).ToArray();
        var partitioner = new SequentialPartitioner(corpus, batchSize: 2, steps: 4, seed: 0);
        var ints = new int[8];
        var floats = new float[8];
        var targets = new int[8];
        partitioner.Batch<int>(1, ints, targets);
        partitioner.Batch<float>(1, floats, targets);
        Assert.Equal(ints.Select(i => (float)i), floats);
    }

    [Fact]
    public void A_corpus_too_short_for_one_batch_at_every_offset_is_rejected_with_the_count_needed()
    {
        // 2 × 5 + 5 + 1 = 16 tokens are needed.
        var error = Assert.Throws<ArgumentException>(() => new SequentialPartitioner(new int[15], batchSize: 2, steps: 5, seed: 0));
        Assert.Contains("at least 16 tokens, got 15", error.Message);
        var partitioner = new SequentialPartitioner(new int[16], batchSize: 2, steps: 5, seed: 0);
        Assert.Equal(1, partitioner.StartEpoch(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => partitioner.StartEpoch(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => partitioner.Batch<int>(1, new int[10], new int[10]));
        Assert.Contains("2 × 5 = 10", Assert.Throws<ArgumentException>(() => partitioner.Batch<int>(0, new int[9], new int[10])).Message);
    }
}
