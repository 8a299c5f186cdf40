using Strata.Runtime.Tests.Reference;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

/// <summary>
/// <see cref="CtcLoss"/> against CTC's definition: the brute-force float64 sum over every alignment
/// (<see cref="CtcBruteForce"/>) for the loss, its central finite differences for the gradient, on batches with varying
/// input and label lengths, repeated labels, an empty label sequence and a non-zero blank; PyTorch's reductions and
/// zero_infinity; impossible alignments; a hand-computed value; the GPU path (ILGPU's CPU accelerator) against the CPU;
/// and the argument checks.
/// </summary>
public class CtcLossTests
{
    private const int Steps = 5, Classes = 4;

    // Sequence n reads its first InputLengths[n] steps; its labels are Labels[n]. [2, 2] needs a blank between its copies,
    // so all 3 of its steps; [3, 1, 3, 1] has exactly its 4 steps, one alignment; [] is the all-blank line.
    private static readonly int[][] Labels = [[1, 2], [2, 2], [3, 1, 3, 1], [], [1]];
    private static readonly int[] InputLengths = [5, 3, 4, 2, 1];

    private static (float[] Logits, int[] Targets, int[] TargetLengths) Case(int seed, int blank = 0)
    {
        var logits = RandomData.Uniform(new Random(seed), Labels.Length * Steps * Classes, -2f, 2f);
        var labels = Labels.Select(l => l.Select(k => k == blank ? 0 : k).ToArray()).ToArray();
        return (logits, [.. labels.SelectMany(l => l)], [.. labels.Select(l => l.Length)]);
    }

    private static int[][] Split(int[] targets, int[] lengths)
    {
        var offset = 0;
        return lengths.Select(length =>
        {
            offset += length;
            return targets[(offset - length)..offset];
        }).ToArray();
    }

    /// <summary>Each sequence's brute-force loss over its own steps.</summary>
    private static double[] BruteForceLosses(double[] logits, int[] targets, int[] targetLengths, int blank)
    {
        var labels = Split(targets, targetLengths);
        return Enumerable.Range(0, labels.Length)
            .Select(n => CtcBruteForce.Loss(logits.AsSpan(n * Steps * Classes, Steps * Classes), Classes, InputLengths[n], labels[n], blank))
            .ToArray();
    }

    private static double Reduce(double[] losses, int[] targetLengths, Reduction reduction) => reduction switch
    {
        Reduction.Mean => losses.Select((l, n) => l / Math.Max(targetLengths[n], 1)).Average(),
        _ => losses.Sum(),
    };

    [Theory]
    [InlineData(Reduction.Mean, 0)]
    [InlineData(Reduction.Sum, 0)]
    [InlineData(Reduction.None, 0)]
    [InlineData(Reduction.Mean, 2)]
    public void Loss_and_gradient_equal_the_brute_force_sum_over_every_alignment(Reduction reduction, int blank)
    {
        var (logits, targets, targetLengths) = Case(seed: 11 + blank, blank);
        if (blank != 0)
        {
            // With blank 2, label 2 becomes 0 (Case) and class 0 is an ordinary label.
            Assert.DoesNotContain(2, targets);
        }

        var device = Device.Cpu();
        var loss = new CtcLoss(blank, reduction);
        using var gradient = device.Allocate(Labels.Length, Steps, Classes);
        var losses = new float[Labels.Length];

        var actual = loss.Compute(device.FromArray(logits, Labels.Length, Steps, Classes), targets, InputLengths, targetLengths, gradient, losses);

        var point = logits.ToDouble();
        var expectedLosses = BruteForceLosses(point, targets, targetLengths, blank);
        Closeness.AssertClose(expectedLosses, losses, 1e-5, what: "per-sequence losses");
        Closeness.AssertClose([Reduce(expectedLosses, targetLengths, reduction)], [actual], 1e-5, what: "reduced loss");
        var expectedGradient = FiniteDifferences.Gradient(
            values => Reduce(BruteForceLosses(values, targets, targetLengths, blank), targetLengths, reduction), point, 1e-5);
        Closeness.AssertClose(expectedGradient, gradient.ToArray(), 1e-4, floor: 0.01, what: "gradient");

        // Steps past a sequence's input length take no part: their gradient is exactly zero, whatever the logits there.
        Assert.All(gradient.ToArray()[((Steps + 3) * Classes)..(2 * Steps * Classes)], g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Uniform_logits_give_the_hand_counted_probability()
    {
        // Two steps, two classes at 1/2 each, label [1]: the paths 1·1, 1·blank and blank·1 give 3/4.
        var device = Device.Cpu();
        var loss = new CtcLoss(reduction: Reduction.Sum);

        var value = loss.Compute(device.FromArray(new float[4], 1, 2, 2), [1], [2], [1], gradLogits: null);

        Assert.Equal(-Math.Log(0.75), value, 6);
    }

    [Fact]
    public void Impossible_alignments_are_infinite_and_zero_infinity_zeroes_them_and_their_gradient()
    {
        // [1, 1] needs 1, blank, 1: three steps, and the first sequence has two. The second is possible.
        var device = Device.Cpu();
        var logits = RandomData.Uniform(new Random(5), 2 * 3 * 3);
        int[] targets = [1, 1, 2], inputLengths = [2, 3], targetLengths = [2, 1];
        using var gradient = device.Allocate(2, 3, 3);
        var losses = new float[2];

        var infinite = new CtcLoss(reduction: Reduction.Mean).Compute(device.FromArray(logits, 2, 3, 3), targets, inputLengths, targetLengths, gradient, losses);

        Assert.Equal(float.PositiveInfinity, infinite);
        Assert.Equal(float.PositiveInfinity, losses[0]);
        Assert.All(gradient.ToArray()[..9], g => Assert.Equal(0f, g));

        var zeroed = new CtcLoss(reduction: Reduction.Mean, zeroInfinity: true)
            .Compute(device.FromArray(logits, 2, 3, 3), targets, inputLengths, targetLengths, gradient, losses);

        var possible = CtcBruteForce.Loss(logits.ToDouble().AsSpan(9, 9), 3, 3, [2], 0);
        Assert.Equal(0f, losses[0]);
        Assert.Equal(possible / 2, zeroed, 5);
        Assert.All(gradient.ToArray()[..9], g => Assert.Equal(0f, g));
        Assert.Contains(gradient.ToArray()[9..], g => g != 0f);
    }

    [Fact]
    public void Zero_input_length_gives_probability_one_to_the_empty_labels_only()
    {
        var device = Device.Cpu();
        var losses = new float[2];

        new CtcLoss(reduction: Reduction.None).Compute(device.FromArray(new float[2 * 2 * 3], 2, 2, 3), [1], [0, 0], [0, 1], null, losses);

        Assert.Equal([0f, float.PositiveInfinity], losses);
    }

    [Fact]
    public void On_a_gpu_tensor_it_computes_what_it_does_on_the_cpu()
    {
        var (logits, targets, targetLengths) = Case(seed: 3);
        using var ilgpu = Device.IlgpuCpu();
        var results = new List<float[]>();
        foreach (var device in new[] { Device.Cpu(), ilgpu })
        {
            using var gradient = device.Allocate(Labels.Length, Steps, Classes);
            var value = new CtcLoss().Compute(device.FromArray(logits, Labels.Length, Steps, Classes), targets, InputLengths, targetLengths, gradient);
            results.Add([value, .. gradient.ToArray()]);
        }

        // The device sums the float losses in float64 where the CPU sums its float64 losses: equal to rounding.
        Assert.Equal(results[0].Length, results[1].Length);
        Assert.All(results[0].Zip(results[1]), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-6 + (1e-5 * Math.Abs(p.First)), $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void It_rejects_what_it_cannot_read()
    {
        var device = Device.Cpu();
        var loss = new CtcLoss();
        var logits = device.FromArray(new float[2 * 3 * 4], 2, 3, 4);

        Assert.Throws<ArgumentException>(() => loss.Compute(device.FromArray(new float[12], 3, 4), [1], [1], [1], null));
        Assert.Contains("[0, 3]", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [1, 2], [4, 3], [1, 1], null)).Message);
        Assert.Contains("other than the blank", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [0, 2], [3, 3], [1, 1], null)).Message);
        Assert.Contains("other than the blank", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [4, 2], [3, 3], [1, 1], null)).Message);
        Assert.Contains("concatenated", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [1, 2, 3], [3, 3], [1, 1], null)).Message);
        Assert.Throws<ArgumentException>(() => loss.Compute(logits, [1, 2], [3], [1, 1], null));
        Assert.Throws<ArgumentException>(() => loss.Compute(logits, [1, 2], [3, 3], [1, -1, 2], null));
        Assert.Throws<ArgumentException>(() => loss.Compute(logits, [1, 2], [3, 3], [1, 1], device.Allocate(2, 3, 3)));
        Assert.Throws<ArgumentException>(() => new CtcLoss(blank: 4).Compute(logits, [1, 2], [3, 3], [1, 1], null));
        Assert.Throws<ArgumentException>(() => new CtcLoss(reduction: Reduction.None).Compute(logits, [1, 2], [3, 3], [1, 1], null));

        var nan = new float[2 * 3 * 4];
        nan[13] = float.NaN;
        Assert.Contains("Logit [1, 0, 1]", Assert.Throws<ArgumentException>(() => loss.Compute(device.FromArray(nan, 2, 3, 4), [1, 2], [3, 3], [1, 1], null)).Message);

        // A NaN past a sequence's input length is padding, never read.
        loss.Compute(device.FromArray(nan, 2, 3, 4), [1, 2], [3, 0], [1, 1], null);
    }
}
