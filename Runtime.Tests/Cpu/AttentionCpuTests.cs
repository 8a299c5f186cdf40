using Xunit;
using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// <see cref="AttentionCpu"/>'s per-(sample, head) GEMM path alone against the float64 attention core
/// (<see cref="ReferenceTransformer.AttentionCore"/>) and central finite differences of it: heads of width 8, 16 and 64,
/// step counts that are no multiple of a vector or of a micro-kernel tile, padded keys, more keys than queries, and a
/// dropout mask.
/// </summary>
[Collection(Allocation.AllocationCollection.Name)] // the allocation count must not see other tests' loops on the workers
public class AttentionCpuTests
{
    // batch, queries, keys (0: self-attention on one tensor), heads, width, padded keys, dropout.
    public static readonly TheoryData<int, int, int, int, int, bool, bool> Cases = new()
    {
        { 2, 13, 0, 2, 16, false, false },  // heads of 8, 13 steps
        { 2, 13, 0, 2, 16, true, false },   // padded keys
        { 2, 37, 0, 2, 32, true, false },   // heads of 16, 37 steps: past one tile, ragged everywhere
        { 1, 20, 0, 1, 64, false, false },  // a head of 64: two AVX-512 panels, read in place
        { 1, 40, 0, 2, 128, true, false },  // heads of 64, five row blocks
        { 2, 9, 33, 3, 48, true, false },   // cross-attention, 9 queries on 33 keys, heads of 16
        { 2, 11, 0, 2, 16, true, true },    // dropout on the weights
        { 2, 7, 18, 2, 32, true, true },    // cross-attention with dropout
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_matches_the_float64_reference(int batch, int queries, int keys, int heads, int width, bool padded, bool dropout)
    {
        var setup = Setup(batch, queries, keys, heads, width, padded, dropout);
        var (weights, context) = setup.Forward();

        var (expectedWeights, expectedContext) = ReferenceTransformer.AttentionCore(
            batch, queries, setup.Keys, heads, width, setup.Lengths, setup.QueryQkv.ToDouble(), setup.KeyQkv.ToDouble(), setup.Mask);
        Closeness.AssertClose(expectedWeights, weights, Closeness.ForwardTolerance, what: "weights");
        Closeness.AssertClose(expectedContext, context, Closeness.ForwardTolerance, what: "context");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_finite_differences_of_the_float64_reference(int batch, int queries, int keys, int heads, int width, bool padded, bool dropout)
    {
        var setup = Setup(batch, queries, keys, heads, width, padded, dropout);
        setup.Forward();
        var upstream = RandomData.Uniform(new Random(3), batch * queries * width).ToDouble();
        var (queryGradient, keyGradient) = setup.Backward(upstream);

        // loss = Σ context ⊙ upstream, as a function of the query tensor's and the key tensor's values.
        double Loss(double[] q, double[] k)
        {
            var (_, c) = ReferenceTransformer.AttentionCore(batch, queries, setup.Keys, heads, width, setup.Lengths, q, k, setup.Mask);
            return c.Select((v, i) => v * upstream[i]).Sum();
        }

        var q0 = setup.QueryQkv.ToDouble();
        var k0 = setup.KeyQkv.ToDouble();
        var entries = Sample(q0.Length, 240);
        if (setup.Self)
        {
            var expected = FiniteDifferences.Gradient(x => Loss(x, x), q0, entries);
            Closeness.AssertClose(expected, entries.Select(i => queryGradient[i]).ToArray(), Closeness.GradientTolerance, what: "dqkv");
            return;
        }

        Closeness.AssertClose(
            FiniteDifferences.Gradient(x => Loss(x, k0), q0, entries), entries.Select(i => queryGradient[i]).ToArray(), Closeness.GradientTolerance, what: "dq");
        var keyEntries = Sample(k0.Length, 240);
        Closeness.AssertClose(
            FiniteDifferences.Gradient(x => Loss(q0, x), k0, keyEntries), keyEntries.Select(i => keyGradient[i]).ToArray(), Closeness.GradientTolerance,
            what: "dk, dv");
    }

    [Fact]
    public void A_forward_and_backward_allocate_nothing_after_the_first_on_the_calling_thread_and_the_workers()
    {
        var setup = Setup(4, 37, 0, 2, 32, padded: true, dropout: false);
        var upstream = RandomData.Uniform(new Random(3), 4 * 37 * 32).ToDouble();
        setup.Forward();
        setup.Backward(upstream);

        // As StepAllocations counts a training step: the calling thread and Strata's workers, the fewest bytes of a few
        // calls (the test host's own threads allocate now and then; an allocation in every call shows in every count).
        static long Allocated() => GC.GetAllocatedBytesForCurrentThread() + CpuParallel.WorkerAllocatedBytes;
        var fewest = long.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var before = Allocated();
            setup.RunForward();
            setup.RunBackward();
            fewest = Math.Min(fewest, Allocated() - before);
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Padded_keys_get_zero_weight_and_zero_key_and_value_gradients()
    {
        var setup = Setup(2, 13, 0, 2, 16, padded: true, dropout: false);
        var (weights, _) = setup.Forward();
        var (gradient, _) = setup.Backward(RandomData.Uniform(new Random(3), 2 * 13 * 16).ToDouble());
        var valid = setup.Lengths![1];
        Assert.True(valid < 13);
        for (var row = 0; row < 2 * 13; row++)
        {
            var at = (2 * 13 + row) * 13; // sample 1, both heads
            Assert.All(weights.Skip(at + valid).Take(13 - valid), w => Assert.Equal(0f, w));
            Assert.Equal(1.0, weights.Skip(at).Take(valid).Sum(), 5);
        }

        for (var j = valid; j < 13; j++)
        {
            Assert.All(gradient.Skip((13 + j) * 48 + 16).Take(32), g => Assert.Equal(0f, g));
        }
    }

    private static int[] Sample(int count, int most)
    {
        if (count <= most)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var random = new Random(count);
        return Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(most).Order().ToArray();
    }

    private static Case Setup(int batch, int queries, int keys, int heads, int width, bool padded, bool dropout)
    {
        var random = new Random(batch * 1000 + queries * 10 + keys + width);
        var self = keys == 0;
        var keySteps = self ? queries : keys;
        var cpu = Device.Cpu();
        var queryQkv = RandomData.Uniform(random, batch * queries * 3 * width, -1, 1);
        var keyQkv = self ? queryQkv : RandomData.Uniform(random, batch * keySteps * 3 * width, -1, 1);
        int[]? lengths = padded ? Enumerable.Range(0, batch).Select(n => Math.Max(1, keySteps - 2 - 3 * n)).ToArray() : null;
        return new Case(cpu, batch, queries, keySteps, heads, width, self, lengths, queryQkv, keyQkv, dropout);
    }

    private sealed class Case(
        Device cpu, int batch, int queries, int keys, int heads, int width, bool self, int[]? lengths, float[] queryQkv, float[] keyQkv, bool dropout)
    {
        private readonly Tensor _q = cpu.FromArray(queryQkv, [batch, queries, 3 * width]);
        private readonly Tensor _k = self ? null! : cpu.FromArray(keyQkv, [batch, keys, 3 * width]);
        private readonly Tensor _weights = cpu.Allocate(batch, heads, queries, keys);
        private readonly Tensor _context = cpu.Allocate(batch, queries, width);
        private readonly Tensor _mask = cpu.Allocate(batch, heads, queries, keys);
        private readonly Tensor _dContext = cpu.Allocate(batch, queries, width);
        private readonly Tensor _dScores = cpu.Allocate(batch, heads, queries, keys);
        private readonly Tensor _dq = cpu.Allocate(batch, queries, 3 * width);
        private readonly Tensor _dk = cpu.Allocate(batch, keys, 3 * width);

        public int Keys => keys;

        public bool Self => self;

        public int[]? Lengths => lengths;

        public float[] QueryQkv => queryQkv;

        public float[] KeyQkv => keyQkv;

        public double[]? Mask { get; private set; }

        private Tensor KeyTensor => self ? _q : _k;

        public (float[] Weights, float[] Context) Forward()
        {
            RunForward();
            Mask = dropout ? _mask.ToArray().ToDouble() : null;
            return (_weights.ToArray(), _context.ToArray());
        }

        public void RunForward()
        {
            if (dropout)
            {
                AttentionCpu.CrossForward(batch, queries, keys, heads, width, lengths, _q, KeyTensor, _weights, _context, _mask, 0.3f, new Philox(7), training: true);
            }
            else
            {
                AttentionCpu.CrossForward(batch, queries, keys, heads, width, lengths, _q, KeyTensor, _weights, _context);
            }
        }

        public (float[] Query, float[] Key) Backward(double[] upstream)
        {
            _dContext.CopyFrom(upstream.Select(v => (float)v).ToArray());
            RunBackward();
            return (_dq.ToArray(), self ? _dq.ToArray() : _dk.ToArray());
        }

        public void RunBackward() =>
            AttentionCpu.CrossBackward(batch, queries, keys, heads, width, lengths, _q, KeyTensor, _weights, _dContext, _dScores, _dq, self ? _dq : _dk,
                dropout ? _mask : null);
    }
}
