using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>The cases every recurrent cell kind runs, and the checks too small to need a file of their own.</summary>
internal static class RecurrentCases
{
    /// <summary>Small problems covering zero and given initial states, per-sequence lengths, reverse, and vector widths.</summary>
    public static IEnumerable<RecurrentProblem> Problems(RecurrentKind kind)
    {
        yield return RecurrentProblem.Create(kind, 1, 2, 3, 3, 2);
        yield return RecurrentProblem.Create(kind, 2, 3, 4, 3, 3, initialState: true);
        yield return RecurrentProblem.Create(kind, 3, 3, 4, 2, 3, initialState: true, reverse: true);
        yield return RecurrentProblem.Create(kind, 4, 4, 5, 3, 2, initialState: true, lengths: [5, 2, 1, 4]);
        yield return RecurrentProblem.Create(kind, 5, 4, 5, 3, 2, initialState: true, lengths: [3, 5, 1, 2], reverse: true);

        // 19 hidden units: one 16-wide vector block of the cell's pointwise pass plus a scalar tail.
        yield return RecurrentProblem.Create(kind, 6, 2, 3, 4, 19, initialState: true);
    }

    /// <summary>
    /// Layers several micro-kernel tiles wide and tall and ragged both ways (hidden not a multiple of 32 or 16, batch
    /// not of 8 or 6), with per-sequence lengths, forwards and in reverse, and at least a megaflop per step so the
    /// time loops fan out over the cores of a multi-core machine.
    /// </summary>
    public static IEnumerable<RecurrentProblem> Wide(RecurrentKind kind)
    {
        var (batch, hidden) = kind switch
        {
            RecurrentKind.Lstm => (17, 90),
            RecurrentKind.Gru => (23, 90),
            _ => (23, 152), // 2·23·152² ≈ 1.06 M flops a step, past the 2²⁰ at which the loops fan out
        };
        var lengths = Enumerable.Range(0, batch).Select(i => 1 + i * 3 % 5).ToArray();
        yield return RecurrentProblem.Create(kind, 51, batch, 5, 7, hidden, initialState: true, lengths: lengths);
        yield return RecurrentProblem.Create(kind, 52, batch, 5, 7, hidden, initialState: true, lengths: lengths, reverse: true);
    }

    /// <summary>Seed, two layers, bidirectional: every combination.</summary>
    public static TheoryData<RecurrentKind, int, bool, bool> Onnx(params RecurrentKind[] kinds)
    {
        var data = new TheoryData<RecurrentKind, int, bool, bool>();
        foreach (var kind in kinds)
        {
            var seed = 11;
            foreach (var twoLayers in new[] { false, true })
            {
                foreach (var bidirectional in new[] { false, true })
                {
                    data.Add(kind, seed++, twoLayers, bidirectional);
                }
            }
        }

        return data;
    }

    /// <summary>Truncated BPTT's premise: two calls of T/2 steps, hN (cN) fed back as h0 (c0), give the full run's outputs.</summary>
    public static void CarriedStateMatchesFullRun(RecurrentKind kind, int seed)
    {
        var device = Device.Cpu();
        var workspace = new CpuWorkspace();
        var full = RecurrentProblem.Create(kind, seed, 2, 6, 3, 4, initialState: true);
        var g = full.Geometry;
        var half = g with { Steps = 3 };
        var weights = full.Weights(device);
        var expected = full.Reference();
        var isLstm = kind == RecurrentKind.Lstm;

        var h = RecurrentCpuChecks.State(device, full.H0, g)!;
        var c = isLstm ? RecurrentCpuChecks.State(device, full.C0, g) : null;
        var y = new float[g.Batch * g.Steps * g.Hidden];
        for (var part = 0; part < 2; part++)
        {
            var x = new float[g.Batch * half.Steps * g.InputSize];
            for (var n = 0; n < g.Batch; n++)
            {
                Array.Copy(full.X, (n * g.Steps + part * half.Steps) * g.InputSize, x, n * half.Steps * g.InputSize, half.Steps * g.InputSize);
            }

            var yHalf = device.Allocate(g.Batch, half.Steps, g.Hidden);
            var hNext = device.Allocate(g.Batch, g.Hidden);
            var cNext = isLstm ? device.Allocate(g.Batch, g.Hidden) : null;
            RecurrentCpuDispatch.Forward(
                kind, half, device.FromArray(x, g.Batch, half.Steps, g.InputSize), weights, yHalf, null, workspace,
                RecurrentOptions.Default, h, c, hNext, cNext);
            for (var n = 0; n < g.Batch; n++)
            {
                yHalf.Span.Slice(n * half.Steps * g.Hidden, half.Steps * g.Hidden).CopyTo(y.AsSpan((n * g.Steps + part * half.Steps) * g.Hidden));
            }

            (h, c) = (hNext, cNext);
        }

        Closeness.AssertClose(expected.Y, y, Closeness.ForwardTolerance, what: $"{full}: y over two halves");
        Closeness.AssertClose(expected.HN, h.ToArray(), Closeness.ForwardTolerance, what: $"{full}: hN after two halves");
    }

    public static void WrongShapesThrow(RecurrentKind kind)
    {
        var device = Device.Cpu();
        var problem = RecurrentProblem.Create(kind, 7, 2, 3, 4, 5);
        var g = problem.Geometry;
        var x = device.FromArray(problem.X, g.Batch, g.Steps, g.InputSize);
        var weights = problem.Weights(device);
        var y = device.Allocate(g.Batch, g.Steps, g.Hidden);
        var workspace = new CpuWorkspace();
        void Run(Tensor xIn, RecurrentWeights w, Tensor yOut, RecurrentOptions options, Tensor? h0 = null) =>
            RecurrentCpuDispatch.Forward(kind, g, xIn, w, yOut, null, workspace, options, h0, null, null, null);

        var badX = Assert.Throws<ArgumentException>(() => Run(device.Allocate(g.Batch, g.Steps, g.InputSize + 1), weights, y, RecurrentOptions.Default));
        Assert.Contains("[2, 3, 4] = 24", badX.Message);
        Assert.Contains("[2, 3, 5] = 30", badX.Message);

        var rows = kind.Gates() * g.Hidden;
        var badW = Assert.Throws<ArgumentException>(() => Run(x, weights with { WeightHh = device.Allocate(rows, g.Hidden + 1) }, y, RecurrentOptions.Default));
        Assert.Contains($"[{rows}, {g.Hidden}]", badW.Message);

        var badY = Assert.Throws<ArgumentException>(() => Run(x, weights, y, new RecurrentOptions { OutputWidth = 2 * g.Hidden, OutputOffset = g.Hidden }));
        Assert.Contains($"[2, 3, {2 * g.Hidden}]", badY.Message);

        var badOffset = Assert.Throws<ArgumentException>(() => Run(x, weights, y, new RecurrentOptions { OutputOffset = 1 }));
        Assert.Contains("width 5", badOffset.Message);

        var badLengths = Assert.Throws<ArgumentException>(() => Run(x, weights, y, new RecurrentOptions { Lengths = [1, 4] }));
        Assert.Contains("lengths[1] must be in 1..3, got 4", badLengths.Message);

        var badCount = Assert.Throws<ArgumentException>(() => Run(x, weights, y, new RecurrentOptions { Lengths = [1] }));
        Assert.Contains("should hold 2 values", badCount.Message);

        var badH0 = Assert.Throws<ArgumentException>(() => Run(x, weights, y, RecurrentOptions.Default, device.Allocate(g.Batch, g.Hidden + 1)));
        Assert.Contains("h0", badH0.Message);
    }
}
