using Strata.Gpu;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// The sequence (masked, per-step) and pixel-wise cross-entropies on ILGPU's CPU accelerator, one launch over the
/// positions (<see cref="MaskedCrossEntropyGpu"/>), against their CPU loops: loss, gradient (zero at padding) and right
/// predictions; one upload of the labels (and lengths), one download of the totals; non-finite logits refused (without
/// hanging the CPU accelerator's float atomics); and the kernel compiled to PTX.
/// </summary>
public class MaskedCrossEntropyGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const string AtomicAdd = @"(red|atom)(\.global)?\.add\.f32";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sequence_cross_entropy_on_the_device_matches_the_cpu(bool withLengths)
    {
        const int batch = 3, steps = 4, classes = 5;
        var values = Random(batch * steps * classes, 21, scale: 4);
        var targets = Enumerable.Range(0, batch * steps).Select(i => (i * 7 + 3) % classes).ToArray();
        int[] lengths = withLengths ? [4, 1, 2] : [];
        var loss = new SequenceCrossEntropy();
        using var cpuLogits = Device.Cpu().FromArray(values, batch, steps, classes);
        using var cpuGradient = Device.Cpu().Allocate(batch, steps, classes);
        var expectedLoss = loss.Compute(cpuLogits, targets, cpuGradient, lengths);
        var (expectedCorrect, expectedTotal) = loss.CountCorrect(cpuLogits, targets, lengths);

        var device = fixture.Device;
        using var logits = device.FromArray(values, batch, steps, classes);
        using var gradient = device.FromArray(Enumerable.Repeat(9f, values.Length).ToArray(), batch, steps, classes); // padding must be zeroed
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        var score = new SequenceCrossEntropy().Score(logits, targets, gradient, lengths);
        var copies = (device.HostUploads - uploads, device.HostDownloads - downloads);

        Assert.Equal((withLengths ? 2 : 1, 1), copies);
        Assert.Equal(expectedLoss, score.Loss, expectedLoss * 1e-5);
        Assert.Equal(expectedTotal, score.Scored);
        Assert.Equal(expectedCorrect, score.Correct);
        AssertClose(cpuGradient.ToArray(), gradient.ToArray());
        Assert.Equal(expectedLoss, new SequenceCrossEntropy().Compute(logits, targets, gradient, lengths), expectedLoss * 1e-5);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Pixel_cross_entropy_on_the_device_matches_the_cpu(Reduction reduction)
    {
        int[] shape = [2, 3, 2, 3];
        var values = Random(2 * 3 * 6, 22, scale: 3);
        var labels = Enumerable.Range(0, 2 * 6).Select(i => (i * 5 + 1) % 3).ToArray();
        using var cpuScores = Device.Cpu().FromArray(values, shape);
        using var cpuGradient = Device.Cpu().Allocate(shape);
        var expected = new PixelCrossEntropy().Compute(cpuScores, labels, cpuGradient, reduction);

        var device = fixture.Device;
        using var scores = device.FromArray(values, shape);
        using var gradient = device.Allocate(shape);
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        var actual = new PixelCrossEntropy().Compute(scores, labels, gradient, reduction);

        Assert.Equal(1, device.HostUploads - uploads);
        Assert.Equal(1, device.HostDownloads - downloads);
        Assert.Equal(expected, actual, Math.Abs(expected) * 1e-5);
        AssertClose(cpuGradient.ToArray(), gradient.ToArray());
    }

    [Fact]
    public void Non_finite_logits_are_refused_with_their_count()
    {
        var device = fixture.Device;
        var values = Random(2 * 3 * 4, 23, scale: 1);
        values[5] = float.NaN;       // position 1 (valid)
        values[4 * 4 + 1] = float.PositiveInfinity; // position 4 (valid)
        using var logits = device.FromArray(values, 2, 3, 4);
        using var gradient = device.Allocate(2, 3, 4);

        var error = Assert.Throws<ArgumentException>(() => new SequenceCrossEntropy().Compute(logits, new int[6], gradient));
        Assert.Contains("2 of the 6 valid positions", error.Message, StringComparison.Ordinal);

        // The same NaN at a padded position is masked out, as on the CPU.
        Assert.True(float.IsFinite(new SequenceCrossEntropy().Compute(logits, new int[6], gradient, [1, 1])));

        using var scores = device.FromArray(values, 2, 4, 3, 1);
        var pixels = Assert.Throws<ArgumentException>(() => new PixelCrossEntropy().Compute(scores, new int[6], device.Allocate(2, 4, 3, 1)));
        Assert.Contains("2 of the 6 pixels", pixels.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_position_kernel_compiles_to_ptx()
    {
        var kernel = typeof(MaskedCrossEntropyGpu).GetMethod(nameof(MaskedCrossEntropyGpu.PositionKernel), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

        Assert.Matches(AtomicAdd, PtxCompiler.Compile(kernel));
    }

    private static float[] Random(int length, int seed, float scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + (1e-5 * Math.Abs(expected[i])), $"[{i}]: {expected[i]} vs {actual[i]}");
        }
    }
}
