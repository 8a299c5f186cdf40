using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// AttentionGruCpu (d2l's GRU decoder with additive attention) against a plain float64 reference: the forward pass,
/// the attention weights, and every gradient (parameters, x, memory, h0) against central finite differences, with
/// ragged source and target lengths.
/// </summary>
public class AttentionGruCpuTests
{
    private const int N = 3, T = 4, S = 5, I = 2, K = 3, H = 4, A = 3;

    private static readonly int[] SourceLengths = [5, 2, 4];

    private static readonly AttentionGruGeometry Geometry = new(N, T, S, I, K, H, A);

    private static readonly ReferenceAttentionGru Reference = new(N, T, S, I, K, H, A);

    public static TheoryData<bool> Ragged => new(false, true);

    [Theory]
    [MemberData(nameof(Ragged))]
    public void Forward_and_attention_weights_match_the_float64_reference(bool ragged)
    {
        var problem = new Problem(7, ragged);
        var (y, hN, alpha) = problem.Run();
        var (expectedY, expectedHN, expectedAlpha) = problem.ReferenceForward(problem.Point);
        Closeness.AssertClose(expectedY, y, Closeness.ForwardTolerance, what: "y");
        Closeness.AssertClose(expectedHN, hN, Closeness.ForwardTolerance, what: "hN");
        Closeness.AssertClose(expectedAlpha, alpha, Closeness.ForwardTolerance, what: "attention");
        for (var b = 0; b < N; b++)
        {
            for (var step = 0; step < (problem.TargetLengths?[b] ?? T); step++)
            {
                var row = alpha.AsSpan((b * T + step) * S, S);
                Assert.Equal(1f, row.ToArray().Sum(), 5);
                Assert.All(row[problem.SourceLengthsUsed[b]..].ToArray(), w => Assert.Equal(0f, w));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ragged))]
    public void Backward_matches_finite_differences_for_every_input(bool ragged)
    {
        var problem = new Problem(11, ragged);
        var gradients = problem.Gradients();
        var expected = FiniteDifferences.Gradient(problem.ReferenceLoss, problem.Point);
        Closeness.AssertClose(expected, gradients, Closeness.GradientTolerance, what: "gradient (W_q, W_k, w_v, W_ih, W_hh, b_ih, b_hh, x, memory, h0)");
    }

    [Fact]
    public void Masked_memory_rows_change_nothing()
    {
        var problem = new Problem(5, ragged: true);
        var (y, _, _) = problem.Run();
        var memory = problem.Point.AsSpan(problem.MemoryStart, N * S * K);
        memory[(1 * S + 3) * K] += 5; // sequence 1 has two valid rows
        var (changed, _, _) = problem.Run();
        Assert.Equal(y, changed);
    }

    /// <summary>One random problem laid out as a single vector: the seven parameters, then x, memory and h0.</summary>
    private sealed class Problem
    {
        private static readonly int[] Sizes = [A * H, A * K, A, 3 * H * (K + I), 3 * H * H, 3 * H, 3 * H, N * T * I, N * S * K, N * H];

        private readonly double[] _outputWeights;
        private readonly double[] _stateWeights;

        public Problem(int seed, bool ragged)
        {
            var random = new Random(seed);
            Point = RandomData.Uniform(random, Sizes.Sum()).ToDouble();
            TargetLengths = ragged ? [4, 1, 0] : null;
            SourceLengthsUsed = ragged ? SourceLengths : [S, S, S];
            _outputWeights = RandomData.Uniform(random, N * T * H).ToDouble();
            _stateWeights = RandomData.Uniform(random, N * H).ToDouble();
        }

        public double[] Point { get; }

        public int[]? TargetLengths { get; }

        public int[] SourceLengthsUsed { get; }

        public int MemoryStart => Sizes[..8].Sum();

        private double[] Part(double[] point, int index) => point.AsSpan(Sizes[..index].Sum(), Sizes[index]).ToArray();

        private Tensor Tensor(int index) => Device.Cpu().FromArray(Part(Point, index).Select(v => (float)v).ToArray(), Sizes[index]);

        public (double[] Y, double[] HN, double[] Alpha) ReferenceForward(double[] point) =>
            Reference.Forward(
                Part(point, 7), Part(point, 8), Part(point, 9), SourceLengthsUsed, TargetLengths,
                Part(point, 0), Part(point, 1), Part(point, 2), Part(point, 3), Part(point, 4), Part(point, 5), Part(point, 6));

        public double ReferenceLoss(double[] point)
        {
            var (y, hN, _) = ReferenceForward(point);
            return y.Zip(_outputWeights, (a, b) => a * b).Sum() + hN.Zip(_stateWeights, (a, b) => a * b).Sum();
        }

        private AttentionGruWeights Weights() =>
            new(Tensor(0), Tensor(1), Tensor(2), new RecurrentWeights(Tensor(3), Tensor(4), Tensor(5), Tensor(6)));

        private (AttentionGruWeights Weights, Tensor X, Tensor Memory, Tensor H0, AttentionGruTape Tape, Tensor Y, Tensor HN, Tensor Alpha) Forward(CpuWorkspace workspace)
        {
            var cpu = Device.Cpu();
            var (weights, x, memory, h0) = (Weights(), Tensor(7), Tensor(8), Tensor(9));
            var (y, hN, alpha, tape) = (cpu.Allocate(N, T, H), cpu.Allocate(N, H), cpu.Allocate(N, T, S), new AttentionGruTape());
            AttentionGruCpu.Forward(Geometry, x, memory, SourceLengthsUsed, TargetLengths, h0, weights, y, tape, workspace, hN, alpha);
            return (weights, x, memory, h0, tape, y, hN, alpha);
        }

        public (float[] Y, float[] HN, float[] Alpha) Run()
        {
            var f = Forward(new CpuWorkspace());
            return (f.Y.ToArray(), f.HN.ToArray(), f.Alpha.ToArray());
        }

        public float[] Gradients()
        {
            var cpu = Device.Cpu();
            var workspace = new CpuWorkspace();
            var f = Forward(workspace);
            var gradients = new AttentionGruWeights(
                cpu.Allocate(A, H), cpu.Allocate(A, K), cpu.Allocate(1, A),
                new RecurrentWeights(cpu.Allocate(3 * H, K + I), cpu.Allocate(3 * H, H), cpu.Allocate(3 * H), cpu.Allocate(3 * H)));
            var (dx, dMemory, dh0) = (cpu.Allocate(N, T, I), cpu.Allocate(N, S, K), cpu.Allocate(N, H));
            var dy = cpu.FromArray(_outputWeights.Select(v => (float)v).ToArray(), N, T, H);
            var dhN = cpu.FromArray(_stateWeights.Select(v => (float)v).ToArray(), N, H);
            AttentionGruCpu.Backward(Geometry, f.Memory, SourceLengthsUsed, TargetLengths, f.Weights, f.Tape, dy, dhN, gradients, workspace, dx, dMemory, dh0);
            return new[]
            {
                gradients.QueryWeight, gradients.KeyWeight, gradients.ScoreWeight, gradients.Gru.WeightIh, gradients.Gru.WeightHh,
                gradients.Gru.BiasIh, gradients.Gru.BiasHh, dx, dMemory, dh0,
            }.SelectMany(t => t.ToArray()).ToArray();
        }
    }
}
