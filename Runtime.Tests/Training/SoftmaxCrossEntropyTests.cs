using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class SoftmaxCrossEntropyTests
{
    /// <summary>The mean cross-entropy in float64: mean over rows of log Σ exp(z) − z[label].</summary>
    private static double ReferenceLoss(double[] logits, int[] labels, int classes)
    {
        var total = 0.0;
        for (var n = 0; n < labels.Length; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            var max = row.ToArray().Max();
            var sum = row.ToArray().Sum(z => Math.Exp(z - max));
            total += max + Math.Log(sum) - row[labels[n]];
        }

        return total / labels.Length;
    }

    private static (float[] Logits, int[] Labels) RandomBatch(int rows, int classes, int seed, double scale = 3)
    {
        var random = new Random(seed);
        var logits = Enumerable.Range(0, rows * classes).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        return (logits, labels);
    }

    [Fact]
    public void Loss_matches_a_float64_reference()
    {
        var (logits, labels) = RandomBatch(rows: 7, classes: 5, seed: 1);
        var device = Device.Cpu();
        var loss = new SoftmaxCrossEntropy().Compute(device.FromArray(logits, 7, 5), labels, device.Allocate(7, 5));

        var expected = ReferenceLoss(logits.Select(x => (double)x).ToArray(), labels, 5);
        Assert.Equal(expected, loss, 1e-5);
    }

    [Fact]
    public void Gradient_matches_central_finite_differences_of_the_float64_loss()
    {
        const int rows = 4, classes = 6;
        var (logits, labels) = RandomBatch(rows, classes, seed: 2);
        var device = Device.Cpu();
        var gradient = device.Allocate(rows, classes);
        new SoftmaxCrossEntropy().Compute(device.FromArray(logits, rows, classes), labels, gradient);

        var point = logits.Select(x => (double)x).ToArray();
        const double h = 1e-5;
        for (var i = 0; i < point.Length; i++)
        {
            var saved = point[i];
            point[i] = saved + h;
            var plus = ReferenceLoss(point, labels, classes);
            point[i] = saved - h;
            var minus = ReferenceLoss(point, labels, classes);
            point[i] = saved;
            Assert.Equal((plus - minus) / (2 * h), gradient.Span[i], 1e-6);
        }
    }

    [Fact]
    public void Huge_logits_stay_finite_thanks_to_the_max_subtraction()
    {
        var device = Device.Cpu();
        var gradient = device.Allocate(1, 3);
        var loss = new SoftmaxCrossEntropy().Compute(device.FromArray([1000f, 0f, -1000f], 1, 3), [1], gradient);

        // log(e^1000 + e^0 + e^-1000) − 0 ≈ 1000; softmax ≈ (1, 0, 0).
        Assert.Equal(1000f, loss, 1e-3);
        Assert.Equal([1f, -1f, 0f], gradient.ToArray());
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_logits_are_rejected(float bad)
    {
        var device = Device.Cpu();
        var error = Assert.Throws<ArgumentException>(
            () => new SoftmaxCrossEntropy().Compute(device.FromArray([0f, bad], 1, 2), [0], device.Allocate(1, 2)));
        Assert.Contains("not finite", error.Message);
    }

    [Fact]
    public void Bad_labels_and_shapes_are_rejected_with_expected_and_actual()
    {
        var device = Device.Cpu();
        var loss = new SoftmaxCrossEntropy();
        var logits = device.Allocate(2, 3);
        var gradient = device.Allocate(2, 3);

        Assert.Contains("[0, 3)", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [0, 3], gradient)).Message);
        Assert.Contains("Expected 2 labels", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [0], gradient)).Message);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => loss.Compute(logits, [0, 1], device.Allocate(3, 2))).Message);
        Assert.Contains("[batch, classes]", Assert.Throws<ArgumentException>(() => loss.Compute(device.Allocate(6), [0, 1], gradient)).Message);
    }

    [Fact]
    public void An_empty_batch_is_an_argument_error_not_a_nan_loss()
    {
        var device = Device.Cpu();
        var loss = new SoftmaxCrossEntropy();

        var error = Assert.Throws<ArgumentException>(() => loss.Compute(device.Allocate(0, 3), [], device.Allocate(0, 3)));
        var countError = Assert.Throws<ArgumentException>(() => loss.CountCorrect(device.Allocate(0, 3), []));

        Assert.Contains("logits [0, 3]: the batch must be at least 1", error.Message);
        Assert.Equal(error.Message, countError.Message);
    }

    [Fact]
    public void CountCorrect_counts_rows_whose_argmax_is_the_label()
    {
        var device = Device.Cpu();
        float[] logits = [0.1f, 0.9f, 0.0f, /**/ 2f, 1f, 0f, /**/ -1f, -2f, -0.5f];
        Assert.Equal(2, new SoftmaxCrossEntropy().CountCorrect(device.FromArray(logits, 3, 3), [1, 0, 0]));
    }

    [Fact]
    public void Gpu_tensors_give_the_same_loss_gradient_and_count_as_cpu_tensors()
    {
        const int rows = 5, classes = 4;
        var (logits, labels) = RandomBatch(rows, classes, seed: 3);
        var cpu = Device.Cpu();
        var cpuGradient = cpu.Allocate(rows, classes);
        var cpuLoss = new SoftmaxCrossEntropy().Compute(cpu.FromArray(logits, rows, classes), labels, cpuGradient);
        var cpuCorrect = new SoftmaxCrossEntropy().CountCorrect(cpu.FromArray(logits, rows, classes), labels);

        using var gpu = Device.IlgpuCpu();
        var loss = new SoftmaxCrossEntropy();
        using var gpuLogits = gpu.FromArray(logits, rows, classes);
        using var gpuGradient = gpu.Allocate(rows, classes);
        var (uploads, downloads) = (gpu.HostUploads, gpu.HostDownloads);
        var score = loss.Score(gpuLogits, labels, gpuGradient);

        // The loss is reduced on the device (float atomics, exp on the device), so it agrees closely, not bit for bit.
        Assert.Equal(1, gpu.HostUploads - uploads);     // the labels
        Assert.Equal(1, gpu.HostDownloads - downloads); // the totals; the logits stay on the device
        Assert.Equal(cpuLoss, score.Loss, 1e-6 * Math.Max(1, Math.Abs(cpuLoss)));
        Assert.Equal(cpuGradient.ToArray().Select(v => (double)v), gpuGradient.ToArray().Select(v => (double)v), new Tolerance(1e-7));
        Assert.Equal((rows, cpuCorrect), (score.Scored, score.Correct));
        Assert.Equal(cpuLoss, loss.Compute(gpuLogits, labels, gpuGradient), 1e-6 * Math.Max(1, Math.Abs(cpuLoss)));
        Assert.Equal(cpuCorrect, loss.CountCorrect(gpuLogits, labels));
    }

    [Fact]
    public void Gpu_logits_that_are_not_finite_are_refused_as_on_the_cpu()
    {
        using var gpu = Device.IlgpuCpu();
        using var logits = gpu.FromArray([0f, 1f, float.NaN, 2f], 2, 2);
        using var gradient = gpu.Allocate(2, 2);

        var error = Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy().Score(logits, [0, 1], gradient));

        Assert.Contains("The loss is not finite: 1 of the 2 rows", error.Message, StringComparison.Ordinal);
    }
}
