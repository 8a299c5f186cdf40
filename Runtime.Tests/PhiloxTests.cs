using ILGPU;
using ILGPU.Runtime;
using Strata.Runtime.Tests.Gpu;

namespace Strata.Runtime.Tests;

public class PhiloxTests
{
    /// <summary>
    /// Random123's known-answer vectors for philox4x32 with 10 rounds (its tests/kat_vectors lines
    /// "philox4x32 10 counter0..3 key0 key1 output0..3").
    /// </summary>
    public static TheoryData<uint[], uint[], uint[]> KnownAnswers => new()
    {
        { [0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
        { [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd] },
        { [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1] },
    };

    private static PhiloxBlock Block(uint[] words) => new(words[0], words[1], words[2], words[3]);

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void Compute_gives_Random123s_known_answers(uint[] counter, uint[] key, uint[] expected) =>
        Assert.Equal(Block(expected), Philox.Compute(Block(counter), key[0], key[1]));

    [Fact]
    public void The_generator_walks_the_counters_from_curands_layout_of_seed_subsequence_and_offset()
    {
        const ulong seed = 0x299f31d0a4093822;
        var generator = new Philox(seed, subsequence: 0x0370734413198a2e, offset: 4 * 0x85a308d3UL + 1);

        // Key = seed (low word first); counter = (offset / 4, subsequence); offset % 4 words of that block skipped.
        var first = Philox.Compute(new PhiloxBlock(0x85a308d3, 0, 0x13198a2e, 0x03707344), 0xa4093822, 0x299f31d0);
        Assert.Equal([first.X1, first.X2, first.X3], Enumerable.Range(0, 3).Select(_ => generator.NextUInt32()));
        var next = Philox.Compute(new PhiloxBlock(0x85a308d4, 0, 0x13198a2e, 0x03707344), 0xa4093822, 0x299f31d0);
        Assert.Equal([next.X0, next.X1, next.X2, next.X3], Enumerable.Range(0, 4).Select(_ => generator.NextUInt32()));

        // The third known answer, reached through the state: counter (0x243f6a88, 0x85a308d3, …) under that seed.
        generator.SetState(new PhiloxState(0xa4093822, 0x299f31d0, new PhiloxBlock(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344), 0));
        Assert.Equal([0xd16cfe09u, 0x94fdcceb, 0x5001e420, 0x24126ea1], Enumerable.Range(0, 4).Select(_ => generator.NextUInt32()));

        var zero = new Philox(0);
        Assert.Equal([0x6627e8d5u, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8], Enumerable.Range(0, 4).Select(_ => zero.NextUInt32()));
    }

    [Fact]
    public void Counters_carry_across_all_four_words_and_wrap()
    {
        Assert.Equal(new PhiloxBlock(0, 0, 1, 0), new PhiloxBlock(0xffffffff, 0xffffffff, 0, 0).Increment());
        Assert.Equal(new PhiloxBlock(0, 0, 0, 8), new PhiloxBlock(0xffffffff, 0xffffffff, 0xffffffff, 7).Increment());
        Assert.Equal(default, new PhiloxBlock(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff).Increment());
        Assert.Equal(new PhiloxBlock(6, 2, 0, 0), new PhiloxBlock(5, 2, 0, 0).Increment());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void A_saved_state_resumes_the_same_stream_after_a_byte_round_trip(int drawnBefore)
    {
        var generator = new Philox(seed: 42, subsequence: 3);
        for (var i = 0; i < drawnBefore; i++)
        {
            generator.NextUInt32();
        }

        var bytes = generator.GetState().ToBytes();
        var expected = Enumerable.Range(0, 23).Select(_ => generator.NextUInt32()).ToArray();

        var resumed = new Philox(seed: 1);
        resumed.SetState(PhiloxState.FromBytes(bytes));
        Assert.Equal(PhiloxState.ByteCount, bytes.Length);
        Assert.Equal(expected, Enumerable.Range(0, 23).Select(_ => resumed.NextUInt32()));
        Assert.Equal(generator.GetState(), resumed.GetState());
    }

    [Fact]
    public void The_state_bytes_are_seven_little_endian_words()
    {
        var state = new PhiloxState(0x04030201, 5, new PhiloxBlock(6, 7, 8, 0x0c0b0a09), 3);

        Assert.Equal(
            [1, 2, 3, 4, 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 9, 10, 11, 12, 3, 0, 0, 0],
            state.ToBytes());
    }

    [Fact]
    public void Bad_states_are_rejected_with_a_clear_message()
    {
        Assert.Contains("28 bytes", Assert.Throws<ArgumentException>(() => PhiloxState.FromBytes(new byte[27])).Message);
        var bytes = new PhiloxState(1, 2, default, 0).ToBytes();
        bytes[24] = 5;
        Assert.Contains("position", Assert.Throws<ArgumentException>(() => PhiloxState.FromBytes(bytes)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Philox(0).SetState(new PhiloxState(0, 0, default, -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Philox(0).NextNormal(0, -1));
    }

    [Fact]
    public void Floats_and_doubles_are_made_from_the_words_as_documented()
    {
        var words = new Philox(9);
        var floats = new Philox(9);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal((words.NextUInt32() >> 8) / 16777216.0, floats.NextSingle());
        }

        var doubles = new Philox(9);
        words = new Philox(9);
        for (var i = 0; i < 100; i++)
        {
            var a = words.NextUInt32() >> 5;
            var b = words.NextUInt32() >> 6;
            Assert.Equal((a * Math.Pow(2, 26) + b) / Math.Pow(2, 53), doubles.NextDouble());
        }
    }

    [Fact]
    public void Uniform_and_normal_draws_have_the_right_moments()
    {
        // 200,000 draws: the standard error of a uniform mean is 0.29/√n ≈ 6.5e-4, of a normal variance √(2/n) ≈ 3.2e-3.
        const int n = 200_000;
        var generator = new Philox(seed: 2024);
        var uniform = Enumerable.Range(0, n).Select(_ => generator.NextDouble()).ToArray();
        var normal = Enumerable.Range(0, n).Select(_ => generator.NextNormal(mean: 3, standardDeviation: 2)).ToArray();

        Assert.InRange(uniform.Min(), 0, 1e-3);
        Assert.InRange(uniform.Max(), 1 - 1e-3, 1 - 1e-16);
        Assert.Equal(0.5, uniform.Average(), 0.003);
        Assert.Equal(1.0 / 12, uniform.Select(u => (u - 0.5) * (u - 0.5)).Average(), 0.002);
        var mean = normal.Average();
        Assert.Equal(3, mean, 0.03);
        Assert.Equal(4, normal.Select(x => (x - mean) * (x - mean)).Average(), 0.06);
        Assert.Equal(0.6827, normal.Count(x => Math.Abs(x - 3) < 2) / (double)n, 0.005);
    }

    /// <summary>A kernel that gives element i the first word of Philox(counter (i, 0, 0, 1), key).</summary>
    private static void FirstWords(Index1D i, ArrayView<uint> output, uint key0, uint key1) =>
        output[i] = Philox.Compute(new PhiloxBlock((uint)i.X, 0, 0, 1), key0, key1).X0;

    [Fact]
    public void A_gpu_kernel_can_call_Compute_and_gets_the_cpu_words()
    {
        using var device = Device.IlgpuCpu();
        var kernel = device.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<uint>, uint, uint>(FirstWords);
        using var output = device.Accelerator.Allocate1D<uint>(64);
        kernel(64, output.View, 0xa4093822, 0x299f31d0);

        var expected = Enumerable.Range(0, 64)
            .Select(i => Philox.Compute(new PhiloxBlock((uint)i, 0, 0, 1), 0xa4093822, 0x299f31d0).X0);
        Assert.Equal(expected, output.GetAsArray1D());
    }

    [Fact]
    public void A_kernel_calling_Compute_compiles_to_ptx() =>
        PtxCompiler.AssertCompiles(typeof(PhiloxTests), nameof(FirstWords));

    [Fact]
    public void NextInt32_of_a_power_of_two_is_the_top_bits_of_the_next_word()
    {
        var (a, b) = (new Philox(9), new Philox(9));
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal((int)(b.NextUInt32() >> 29), a.NextInt32(8));
        }

        Assert.Equal(0, a.NextInt32(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.NextInt32(0));
    }

    [Fact]
    public void Shuffle_gives_every_permutation_of_three_about_equally_often()
    {
        var random = new Philox(4);
        var counts = new Dictionary<string, int>();
        const int draws = 60_000;
        for (var i = 0; i < draws; i++)
        {
            int[] items = [0, 1, 2];
            random.Shuffle(items.AsSpan());
            var key = string.Concat(items);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        // χ² with 5 degrees of freedom: 20.5 is its 99.9% quantile.
        Assert.Equal(6, counts.Count);
        var chiSquare = counts.Values.Sum(c => Math.Pow(c - draws / 6.0, 2) / (draws / 6.0));
        Assert.True(chiSquare < 20.5, $"χ² = {chiSquare:F1}");
    }

    [Fact]
    public void NextInt32_of_a_range_that_does_not_divide_2_to_the_32_is_uniform()
    {
        var random = new Philox(12);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[random.NextInt32(7)]++;
        }

        // χ² with 6 degrees of freedom: 22.5 is its 99.9% quantile.
        var chiSquare = counts.Sum(c => Math.Pow(c - 10_000, 2) / 10_000);
        Assert.True(chiSquare < 22.5, $"χ² = {chiSquare:F1}");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 4)]
    [InlineData(1, 3)]
    [InlineData(3, 9)]
    [InlineData(4, 1)]
    [InlineData(2, 41)]
    public void Skip_lands_where_as_many_draws_would(int drawnBefore, int words)
    {
        var drawn = new Philox(13, subsequence: 5);
        var skipped = new Philox(13, subsequence: 5);
        for (var i = 0; i < drawnBefore; i++)
        {
            drawn.NextUInt32();
            skipped.NextUInt32();
        }

        for (var i = 0; i < words; i++)
        {
            drawn.NextUInt32();
        }

        skipped.Skip(words);

        Assert.Equal(drawn.GetState(), skipped.GetState());
        Assert.Equal(drawn.NextUInt32(), skipped.NextUInt32());
    }

    [Fact]
    public void Adding_to_a_counter_carries_across_its_words()
    {
        Assert.Equal(new PhiloxBlock(2, 0, 1, 0), new PhiloxBlock(uint.MaxValue, uint.MaxValue, 0, 0).Add(3));
        Assert.Equal(new PhiloxBlock(0, 0, 0, 0), new PhiloxBlock(uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue).Add(1));
        Assert.Equal(new PhiloxBlock(5, 1, 7, 0), new PhiloxBlock(5, 0, 7, 0).Add(1ul << 32));
    }
}
