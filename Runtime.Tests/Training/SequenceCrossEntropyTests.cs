using Strata.Runtime.Tests.Reference;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class SequenceCrossEntropyTests
{
    private const int Batch = 3, Steps = 4, Classes = 5;

    /// <summary>Mean over valid positions of log Σ exp(z) − z[target], in float64: the oracle.</summary>
    private static double ReferenceLoss(double[] logits, int[] targets, int[]? lengths)
    {
        var total = 0.0;
        var count = 0;
        for (var n = 0; n < Batch; n++)
        {
            for (var t = 0; t < (lengths?[n] ?? Steps); t++)
            {
                var row = logits.Skip((n * Steps + t) * Classes).Take(Classes).ToArray();
                var max = row.Max();
                total += max + Math.Log(row.Sum(z => Math.Exp(z - max))) - row[targets[n * Steps + t]];
                count++;
            }
        }

        return total / count;
    }

    private static (float[] Logits, int[] Targets) RandomBatch(int seed)
    {
        var random = new Random(seed);
        var logits = Enumerable.Range(0, Batch * Steps * Classes).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        var targets = Enumerable.Range(0, Batch * Steps).Select(_ => random.Next(Classes)).ToArray();
        return (logits, targets);
    }

    public static TheoryData<int[]?> Masks => new() { null, new[] { 4, 2, 1 }, new[] { 0, 3, 4 } };

    [Theory]
    [MemberData(nameof(Masks))]
    public void Loss_and_gradient_match_a_float64_reference_and_its_finite_differences(int[]? lengths)
    {
        var (logits, targets) = RandomBatch(seed: 1);
        var device = Device.Cpu();
        var gradient = device.Allocate(Batch, Steps, Classes);
        var loss = new SequenceCrossEntropy().Compute(device.FromArray(logits, Batch, Steps, Classes), targets, gradient, lengths);

        var point = logits.ToDouble();
        Assert.Equal(ReferenceLoss(point, targets, lengths), loss, 1e-5);
        var expected = FiniteDifferences.Gradient(p => ReferenceLoss(p, targets, lengths), point);
        Closeness.AssertClose(expected, gradient.Span, 1e-5, what: "sequence cross-entropy gradient");
    }

    [Fact]
    public void Padded_positions_get_zero_gradient_and_their_targets_and_logits_are_ignored()
    {
        var (logits, targets) = RandomBatch(seed: 2);
        int[] lengths = [4, 2, 1];
        var device = Device.Cpu();
        var gradient = device.Allocate(Batch, Steps, Classes);
        var loss = new SequenceCrossEntropy();
        var clean = loss.Compute(device.FromArray(logits, Batch, Steps, Classes), targets, gradient, lengths);

        // Garbage past each length: a target out of range and a NaN logit change nothing.
        targets[1 * Steps + 3] = 99;
        logits[(2 * Steps + 2) * Classes] = float.NaN;
        Assert.Equal(clean, loss.Compute(device.FromArray(logits, Batch, Steps, Classes), targets, gradient, lengths));
        for (var n = 0; n < Batch; n++)
        {
            for (var t = lengths[n]; t < Steps; t++)
            {
                Assert.All(gradient.Span.Slice((n * Steps + t) * Classes, Classes).ToArray(), g => Assert.Equal(0f, g));
            }
        }
    }

    [Fact]
    public void Without_a_mask_it_equals_softmax_cross_entropy_on_the_flattened_positions()
    {
        var (logits, targets) = RandomBatch(seed: 3);
        var device = Device.Cpu();
        var sequenceGradient = device.Allocate(Batch, Steps, Classes);
        var flatGradient = device.Allocate(Batch * Steps, Classes);
        var sequence = new SequenceCrossEntropy().Compute(device.FromArray(logits, Batch, Steps, Classes), targets, sequenceGradient);
        var flat = new SoftmaxCrossEntropy().Compute(device.FromArray(logits, Batch * Steps, Classes), targets, flatGradient);
        Assert.Equal(flat, sequence, 1e-6);
        Closeness.AssertClose(flatGradient.ToArray().ToDouble(), sequenceGradient.Span, 1e-6);
    }

    [Fact]
    public void CountCorrect_counts_argmax_hits_at_valid_positions_only()
    {
        // Two sequences of two steps over three classes; the second sequence has length 1.
        float[] logits = [0.9f, 0.1f, 0f, /**/ 0f, 0f, 1f, /**/ 0f, 2f, 0f, /**/ 5f, 0f, 0f];
        var device = Device.Cpu();
        var accuracy = new SequenceCrossEntropy();
        var tensor = device.FromArray(logits, 2, 2, 3);
        Assert.Equal((2, 3), accuracy.CountCorrect(tensor, [0, 1, 1, 0], [2, 1]));
        Assert.Equal((3, 4), accuracy.CountCorrect(tensor, [0, 1, 1, 0]));
    }

    [Fact]
    public void Bad_shapes_lengths_and_targets_are_rejected_with_expected_and_actual()
    {
        var device = Device.Cpu();
        var loss = new SequenceCrossEntropy();
        var logits = device.Allocate(2, 3, 4);
        var gradient = device.Allocate(2, 3, 4);
        int[] targets = [0, 1, 2, 3, 0, 1];

        Assert.Contains("[batch, steps, classes]", Assert.Throws<ArgumentException>(() => loss.Compute(device.Allocate(6, 4), targets, gradient)).Message);
        Assert.Contains("2 × 3 = 6 targets", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [0, 1], gradient)).Message);
        Assert.Contains("[2, 3, 4]", Assert.Throws<ArgumentException>(() => loss.Compute(logits, targets, device.Allocate(2, 4, 3))).Message);
        Assert.Contains("Expected 2 lengths", Assert.Throws<ArgumentException>(() => loss.Compute(logits, targets, gradient, [3])).Message);
        Assert.Contains("[0, 3]", Assert.Throws<ArgumentException>(() => loss.Compute(logits, targets, gradient, [4, 1])).Message);
        Assert.Contains("length 0", Assert.Throws<ArgumentException>(() => loss.Compute(logits, targets, gradient, [0, 0])).Message);
        Assert.Contains("Target [1, 0] is 4", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [0, 1, 2, 4, 0, 1], gradient)).Message);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(
            () => loss.Compute(device.FromArray([.. Enumerable.Repeat(float.PositiveInfinity, 24)], 2, 3, 4), targets, gradient)).Message);
    }

    [Fact]
    public void An_empty_batch_is_an_argument_error_saying_the_batch_must_be_at_least_1()
    {
        var device = Device.Cpu();
        var loss = new SequenceCrossEntropy();

        var error = Assert.Throws<ArgumentException>(() => loss.Compute(device.Allocate(0, 2, 3), [], device.Allocate(0, 2, 3)));
        var countError = Assert.Throws<ArgumentException>(() => loss.CountCorrect(device.Allocate(0, 2, 3), []));

        Assert.Contains("logits [0, 2, 3]: the batch must be at least 1", error.Message);
        Assert.Equal(error.Message, countError.Message);
    }

    [Fact]
    public void Gpu_tensors_give_the_same_loss_gradient_and_count_as_cpu_tensors()
    {
        var (logits, targets) = RandomBatch(seed: 4);
        int[] lengths = [3, 4, 2];
        var cpu = Device.Cpu();
        var cpuGradient = cpu.Allocate(Batch, Steps, Classes);
        var cpuLoss = new SequenceCrossEntropy().Compute(cpu.FromArray(logits, Batch, Steps, Classes), targets, cpuGradient, lengths);

        using var gpu = Device.IlgpuCpu();
        var loss = new SequenceCrossEntropy();
        using var gpuLogits = gpu.FromArray(logits, Batch, Steps, Classes);
        using var gpuGradient = gpu.Allocate(Batch, Steps, Classes);
        // The device adds the positions' losses in float through atomics, in whatever order the threads reach them:
        // equal to the CPU's sum up to float rounding, not bit for bit (one run in a fresh clone differed in the 7th digit).
        var gpuLoss = loss.Compute(gpuLogits, targets, gpuGradient, lengths);
        Assert.Equal(cpuLoss, gpuLoss, 1e-5 * Math.Abs(cpuLoss));
        Assert.Equal(cpuGradient.ToArray(), gpuGradient.ToArray());
        Assert.Equal(new SequenceCrossEntropy().CountCorrect(cpu.FromArray(logits, Batch, Steps, Classes), targets, lengths),
            loss.CountCorrect(gpuLogits, targets, lengths));
    }
}
