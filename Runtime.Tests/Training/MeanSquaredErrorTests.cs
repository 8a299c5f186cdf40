using Strata.Runtime.Tests.Reference;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class MeanSquaredErrorTests
{
    private static readonly float[] Prediction = [0.5f, -1.25f, 2f, 3.5f, 0f, -0.75f];
    private static readonly float[] Target = [1f, -1f, 0f, 3f, 0.25f, 0.5f];

    [Theory]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.Mean)]
    public void Loss_and_gradient_match_a_float64_reference(Reduction reduction)
    {
        var device = Device.Cpu();
        var gradient = device.Allocate(2, 3);
        var loss = new MeanSquaredError().Compute(
            device.FromArray(Prediction, 2, 3), device.FromArray(Target, 2, 3), gradient, reduction);

        var divisor = reduction == Reduction.Mean ? Prediction.Length : 1.0;
        var expected = Prediction.Zip(Target, (p, t) => (double)(p - t) * (p - t)).Sum() / divisor;
        Assert.Equal(expected, loss, 1e-6);
        for (var i = 0; i < Prediction.Length; i++)
        {
            Assert.Equal(2.0 * (Prediction[i] - Target[i]) / divisor, gradient.Span[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.Mean)]
    public void A_long_ragged_prediction_matches_the_float64_reference_value_for_value(Reduction reduction)
    {
        // 1000 values: 62 whole vectors of 16 and a tail of 8.
        const int length = 1000;
        var random = new Random(7);
        var prediction = RandomData.Uniform(random, length);
        var target = RandomData.Uniform(random, length);
        var device = Device.Cpu();
        var gradient = device.Allocate(length);
        var loss = new MeanSquaredError().Compute(device.FromArray(prediction, length), device.FromArray(target, length), gradient, reduction);

        var scale = reduction == Reduction.Mean ? 1.0 / length : 1.0;
        var expected = 0.0;
        for (var i = 0; i < length; i++)
        {
            var difference = prediction[i] - target[i];
            expected += (double)difference * difference;
            Assert.Equal((float)(2 * scale * difference), gradient.Span[i]);
        }

        Assert.Equal(expected * scale, loss, expected * scale * 1e-6);
    }

    [Theory]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.Mean)]
    public void Gradient_matches_central_finite_differences_of_the_float64_loss(Reduction reduction)
    {
        var device = Device.Cpu();
        var gradient = device.Allocate(2, 3);
        new MeanSquaredError().Compute(device.FromArray(Prediction, 2, 3), device.FromArray(Target, 2, 3), gradient, reduction);

        var divisor = reduction == Reduction.Mean ? Prediction.Length : 1.0;
        var expected = FiniteDifferences.Gradient(
            p => p.Zip(Target, (a, t) => (a - t) * (a - t)).Sum() / divisor,
            Prediction.ToDouble());
        Closeness.AssertClose(expected, gradient.Span, 1e-6, what: "MSE gradient");
    }

    [Fact]
    public void The_corr2d_loss_of_a_zero_prediction_is_the_count_of_nonzero_targets()
    {
        // d2l's corr2d: Y has a +1 and a −1 in each of 6 rows, so ((0 − Y)²).sum() = 12.
        var device = Device.Cpu();
        var target = new float[6 * 7];
        for (var row = 0; row < 6; row++)
        {
            target[row * 7 + 1] = 1;
            target[row * 7 + 5] = -1;
        }

        var loss = new MeanSquaredError().Compute(
            device.Allocate(1, 1, 6, 7), device.FromArray(target, 1, 1, 6, 7), device.Allocate(1, 1, 6, 7), Reduction.Sum);
        Assert.Equal(12f, loss);
    }

    [Fact]
    public void Mismatched_shapes_name_both()
    {
        var device = Device.Cpu();
        var error = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Compute(
            device.Allocate(2, 3), device.Allocate(3, 2), device.Allocate(2, 3), Reduction.Sum));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[3, 2]", error.Message);
    }

    [Fact]
    public void Non_finite_predictions_are_rejected()
    {
        var device = Device.Cpu();
        var error = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Compute(
            device.FromArray([float.NaN], 1), device.Allocate(1), device.Allocate(1), Reduction.Mean));
        Assert.Contains("not finite", error.Message);
    }

    [Fact]
    public void A_nan_prediction_on_the_gpu_is_refused_rather_than_hanging_its_reduction()
    {
        // ILGPU's CPU accelerator adds floats atomically in a loop that never ends on a NaN; the kernel carries it as a flag.
        using var gpu = Device.IlgpuCpu();
        var prediction = new float[700];
        prediction[333] = float.NaN;
        using var gpuPrediction = gpu.FromArray(prediction, 700);
        using var gpuTarget = gpu.Allocate(700);
        using var gpuGradient = gpu.Allocate(700);

        var error = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Compute(gpuPrediction, gpuTarget, gpuGradient, Reduction.Sum));
        Assert.Contains("not finite (NaN)", error.Message);
    }

    [Theory]
    [InlineData(6, Reduction.Mean)]
    [InlineData(700, Reduction.Sum)] // several groups, each thread summing more than one element
    public void Gpu_tensors_give_the_same_result_as_cpu_tensors(int length, Reduction reduction)
    {
        var random = new Random(length);
        var prediction = length == 6 ? Prediction : Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
        var target = length == 6 ? Target : Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
        var cpu = Device.Cpu();
        var cpuGradient = cpu.Allocate(length);
        var expected = new MeanSquaredError().Compute(cpu.FromArray(prediction, length), cpu.FromArray(target, length), cpuGradient, reduction);

        using var gpu = Device.IlgpuCpu();
        using var gpuGradient = gpu.Allocate(length);
        using var gpuPrediction = gpu.FromArray(prediction, length);
        using var gpuTarget = gpu.FromArray(target, length);
        var (uploads, downloads) = (gpu.HostUploads, gpu.HostDownloads);
        var actual = new MeanSquaredError().Compute(gpuPrediction, gpuTarget, gpuGradient, reduction);

        // Reduced on the device in float (the CPU sums in double): close, not bit for bit; only the loss comes back.
        Assert.Equal((0L, 1L), (gpu.HostUploads - uploads, gpu.HostDownloads - downloads));
        Assert.Equal(expected, actual, 1e-5 * Math.Max(1, Math.Abs(expected)));
        var expectedGradient = cpuGradient.ToArray();
        var actualGradient = gpuGradient.ToArray();
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(expectedGradient[i], actualGradient[i], 1e-6);
        }
    }

    [Fact]
    public void The_gpu_kernel_compiles_to_a_group_reduction()
    {
        var ptx = Strata.Runtime.Tests.Gpu.PtxCompiler.CompileExplicitlyGrouped(
            typeof(Strata.Gpu.MeanSquaredErrorGpu).GetMethod("SquaredErrorKernel", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);

        Assert.Contains(".shared", ptx, StringComparison.Ordinal);
        Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
    }
}
