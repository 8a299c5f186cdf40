using System.Reflection;
using Strata.Gpu;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// <see cref="CtcLoss"/> on ILGPU's CPU accelerator (<see cref="CtcLossGpu"/>: a thread group per sequence, then a
/// one-thread reduction) against its CPU path (itself checked against the brute-force sum and finite differences in
/// CtcLossTests): loss, each sequence's loss and gradient (zero past the input length) for unequal input and label
/// lengths, repeated labels, an empty label sequence, a non-zero blank, an impossible alignment with and without
/// zero_infinity, and every reduction; one upload and one download a step; non-finite logits refused without hanging;
/// both kernels compiled to PTX.
/// </summary>
public class CtcLossGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const int Steps = 5, Classes = 4;

    // [2, 2] needs a blank between its copies (3 steps, it has 3); [3, 1, 3] has 4 of the 5 steps; [] is all blanks;
    // [1, 1] in 2 steps has no alignment at all (infinite loss).
    private static readonly int[][] Labels = [[1, 2], [2, 2], [3, 1, 3], [], [1, 1]];
    private static readonly int[] InputLengths = [5, 3, 4, 2, 2];

    [Theory]
    [InlineData(Reduction.Mean, true, 0)]
    [InlineData(Reduction.Sum, true, 0)]
    [InlineData(Reduction.None, false, 0)]
    [InlineData(Reduction.Mean, true, 3)]
    public void Loss_and_gradient_on_the_device_match_the_cpu(Reduction reduction, bool zeroInfinity, int blank)
    {
        var (values, targets, targetLengths) = Case(seed: 31, blank);
        var batch = Labels.Length;
        var cpuLosses = new float[batch];
        using var cpuLogits = Device.Cpu().FromArray(values, batch, Steps, Classes);
        using var cpuGradient = Device.Cpu().Allocate(batch, Steps, Classes);
        var expected = new CtcLoss(blank, reduction, zeroInfinity).Compute(cpuLogits, targets, InputLengths, targetLengths, cpuGradient, cpuLosses);

        var device = fixture.Device;
        var losses = new float[batch];
        using var logits = device.FromArray(values, batch, Steps, Classes);
        using var gradient = device.FromArray(Enumerable.Repeat(9f, values.Length).ToArray(), batch, Steps, Classes); // must be overwritten
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        var actual = new CtcLoss(blank, reduction, zeroInfinity).Compute(logits, targets, InputLengths, targetLengths, gradient, losses);

        Assert.Equal((1, 1), (device.HostUploads - uploads, device.HostDownloads - downloads));
        Assert.Equal(!zeroInfinity, float.IsPositiveInfinity(actual));
        AssertClose([expected, .. cpuLosses], [actual, .. losses]);
        Assert.Equal(zeroInfinity ? 0f : float.PositiveInfinity, losses[4]);
        AssertClose(cpuGradient.ToArray(), gradient.ToArray());
        Assert.All(gradient.ToArray().AsSpan(4 * Steps * Classes).ToArray(), g => Assert.Equal(0f, g)); // impossible: zero gradient
        Assert.All(gradient.ToArray().AsSpan(((1 * Steps) + 3) * Classes, 2 * Classes).ToArray(), g => Assert.Equal(0f, g)); // past length 3
    }

    [Fact]
    public void The_loss_alone_matches_and_each_step_copies_once_each_way()
    {
        var (values, targets, targetLengths) = Case(seed: 32, blank: 0);
        var expected = new CtcLoss(zeroInfinity: true).Compute(
            Device.Cpu().FromArray(values, Labels.Length, Steps, Classes), targets, InputLengths, targetLengths, null);

        var device = fixture.Device;
        using var logits = device.FromArray(values, Labels.Length, Steps, Classes);
        using var gradient = device.Allocate(Labels.Length, Steps, Classes);
        var loss = new CtcLoss(zeroInfinity: true);
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        var alone = loss.Compute(logits, targets, InputLengths, targetLengths, null);
        var first = loss.Compute(logits, targets, InputLengths, targetLengths, gradient);
        var second = loss.Compute(logits, targets, InputLengths, targetLengths, gradient);

        Assert.Equal((3, 3), (device.HostUploads - uploads, device.HostDownloads - downloads));
        AssertClose([expected, expected, expected], [alone, first, second]);
    }

    [Fact]
    public void Non_finite_logits_at_valid_steps_are_refused_and_padding_is_ignored()
    {
        var (values, targets, targetLengths) = Case(seed: 33, blank: 0);
        values[(1 * Steps * Classes) + 2] = float.NaN;                   // sequence 1, step 0: valid
        values[(2 * Steps * Classes) + Classes] = float.NegativeInfinity; // sequence 2, step 1: valid
        values[(3 * Steps * Classes) + (4 * Classes)] = float.NaN;        // sequence 3, step 4: past its length 2
        var device = fixture.Device;
        using var logits = device.FromArray(values, Labels.Length, Steps, Classes);
        using var gradient = device.Allocate(Labels.Length, Steps, Classes);

        var error = Assert.Throws<ArgumentException>(() => new CtcLoss().Compute(logits, targets, InputLengths, targetLengths, gradient));
        Assert.Contains("2 of the 5 sequences", error.Message, StringComparison.Ordinal);

        values[(1 * Steps * Classes) + 2] = 0f;
        values[(2 * Steps * Classes) + Classes] = 0f;
        using var padded = device.FromArray(values, Labels.Length, Steps, Classes);
        Assert.True(float.IsFinite(new CtcLoss(zeroInfinity: true).Compute(padded, targets, InputLengths, targetLengths, gradient)));
    }

    [Fact]
    public void Both_kernels_compile_to_ptx_with_barriers_and_no_float_atomics()
    {
        const BindingFlags Static = BindingFlags.NonPublic | BindingFlags.Static;
        var sequence = PtxCompiler.CompileExplicitlyGrouped(typeof(CtcLossGpu).GetMethod(nameof(CtcLossGpu.SequenceKernel), Static)!);
        var finish = PtxCompiler.Compile(typeof(CtcLossGpu).GetMethod(nameof(CtcLossGpu.FinishKernel), Static)!);

        Assert.Contains("bar.sync", sequence, StringComparison.Ordinal);
        Assert.Contains(".f64", sequence, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(red|atom)(\.global)?\.add\.f(32|64)", sequence);
        Assert.Contains(".entry", finish, StringComparison.Ordinal);
    }

    private static (float[] Logits, int[] Targets, int[] TargetLengths) Case(int seed, int blank)
    {
        var random = new Random(seed);
        var logits = Enumerable.Range(0, Labels.Length * Steps * Classes).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
        var labels = Labels.Select(l => l.Select(k => k == blank ? 0 : k).ToArray()).ToArray();
        return (logits, [.. labels.SelectMany(l => l)], [.. labels.Select(l => l.Length)]);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var ok = expected[i] == actual[i] || Math.Abs(expected[i] - actual[i]) <= 1e-6 + (1e-4 * Math.Abs(expected[i]));
            Assert.True(ok, $"[{i}]: {expected[i]} vs {actual[i]}");
        }
    }
}
