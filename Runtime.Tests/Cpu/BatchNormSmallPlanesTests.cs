using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// Batch normalisation over planes of at most 16 values (<see cref="BatchNormSmallPlanes"/>), with channels enough
/// for several runs, the last one short and ending inside a vector: the training forward and running statistics
/// against the float64 reference, and dx, dγ, dβ against central finite differences of that reference.
/// </summary>
public class BatchNormSmallPlanesTests
{
    private const float Momentum = 0.1f;
    private const float Eps = 1e-5f;

    [Theory]
    [InlineData(3, 260, 2)]  // runs of 128 channels (256 values): 128, 128, 4
    [InlineData(3, 40, 9)]   // 3×3 planes: runs of 16 channels (144 values), the last of 8 (72: four vectors and 8)
    [InlineData(4, 33, 1)]   // 1×1 planes (a dense layer's features): one run of 33
    [InlineData(3, 20, 16)]  // 4×4 planes, the largest: runs of 16 channels (256 values), then 4
    public void Training_forward_and_backward_match_the_float64_reference(int batch, int channels, int planeSize)
    {
        Assert.True(planeSize <= BatchNormSmallPlanes.MaxPlaneSize);
        var random = new Random((batch * 1000) + channels);
        var length = batch * channels * planeSize;
        var x = RandomData.Uniform(random, length, -2f, 3f);
        var weight = RandomData.Uniform(random, channels, 0.5f, 1.5f);
        var bias = RandomData.Uniform(random, channels);
        var runningMean = RandomData.Uniform(random, channels);
        var runningVar = RandomData.Uniform(random, channels, 0.5f, 2f);
        var r = RandomData.Uniform(random, length);
        var device = Device.Cpu();
        using var xs = device.FromArray(x, batch, channels, planeSize);
        using var weights = device.FromArray(weight, channels);
        using var biases = device.FromArray(bias, channels);
        var running = new RunningStatistics(device, "bn", channels);
        running.Mean.Value.CopyFrom(runningMean);
        running.Variance.Value.CopyFrom(runningVar);
        using var savedMean = device.Allocate(channels);
        using var savedInvStd = device.Allocate(channels);
        using var y = device.Allocate(batch, channels, planeSize);
        using var dy = device.FromArray(r, batch, channels, planeSize);
        using var dx = device.Allocate(batch, channels, planeSize);
        using var dWeight = device.Allocate(channels);
        using var dBias = device.Allocate(channels);

        BatchNormCpu.Forward<IdentityActivation>(batch, channels, planeSize, Momentum, Eps, true, xs, weights, biases, running, savedMean, savedInvStd, y);
        BatchNormCpu.Backward<IdentityActivation>(batch, channels, planeSize, true, xs, weights, savedMean, savedInvStd, y, dy, dx, dWeight, dBias);

        var (expected, mean, unbiased) = ReferenceBatchNorm.Train(batch, channels, planeSize, x.ToDouble(), weight.ToDouble(), bias.ToDouble(), Eps);
        AssertClose(expected, y.ToArray(), 1e-4);
        AssertClose(runningMean.Select((old, c) => ((1 - Momentum) * old) + (Momentum * mean[c])).ToArray(), running.Mean.Value.ToArray(), 1e-5);
        AssertClose(runningVar.Select((old, c) => ((1 - Momentum) * old) + (Momentum * unbiased[c])).ToArray(), running.Variance.Value.ToArray(), 1e-5);

        // L = Σ r·y; its gradients by central differences of the float64 reference.
        double Loss(double[] input, double[] gamma, double[] beta) =>
            ReferenceBatchNorm.Train(batch, channels, planeSize, input, gamma, beta, Eps).Y.Select((v, i) => v * r[i]).Sum();
        var (xd, wd, bd) = (x.ToDouble(), weight.ToDouble(), bias.ToDouble());
        AssertClose(Differences(xd, values => Loss(values, wd, bd)), dx.ToArray(), 1e-3);
        AssertClose(Differences(wd, values => Loss(xd, values, bd)), dWeight.ToArray(), 1e-3);
        AssertClose(Differences(bd, values => Loss(xd, wd, values)), dBias.ToArray(), 1e-3);
    }

    private static double[] Differences(double[] values, Func<double[], double> loss)
    {
        const double h = 1e-5;
        var gradient = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var saved = values[i];
            values[i] = saved + h;
            var up = loss(values);
            values[i] = saved - h;
            var down = loss(values);
            values[i] = saved;
            gradient[i] = (up - down) / (2 * h);
        }

        return gradient;
    }

    private static void AssertClose(double[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
