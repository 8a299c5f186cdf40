namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// Batch normalisation in float64, written from PyTorch's documentation of nn.BatchNorm1d/2d rather than from the
/// kernels: over [batch, channels, planeSize], per channel, y = γ (x − μ) / √(σ² + ε) + β.
/// </summary>
internal static class ReferenceBatchNorm
{
    /// <summary>Training mode: μ and σ² are the batch's mean and biased variance; also returns the unbiased variance the running statistics take.</summary>
    public static (double[] Y, double[] Mean, double[] UnbiasedVariance) Train(
        int batch, int channels, int planeSize, double[] x, double[] weight, double[] bias, double eps)
    {
        var mean = new double[channels];
        var biased = new double[channels];
        var unbiased = new double[channels];
        var m = batch * planeSize;
        for (var c = 0; c < channels; c++)
        {
            var values = Channel(batch, channels, planeSize, x, c).ToArray();
            mean[c] = values.Average();
            var squares = values.Sum(v => (v - mean[c]) * (v - mean[c]));
            biased[c] = squares / m;
            unbiased[c] = squares / (m - 1);
        }

        return (Normalize(batch, channels, planeSize, x, weight, bias, mean, biased, eps), mean, unbiased);
    }

    /// <summary>Evaluation mode: μ and σ² are the running statistics.</summary>
    public static double[] Eval(
        int batch, int channels, int planeSize, double[] x, double[] weight, double[] bias, double[] runningMean, double[] runningVar, double eps) =>
        Normalize(batch, channels, planeSize, x, weight, bias, runningMean, runningVar, eps);

    /// <summary>
    /// Over the valid steps of sequences [N, T, F] (as nn.BatchNorm1d on the packed steps): per feature, the statistics
    /// of the steps t &lt; lengths[n] only; padded steps give 0. Training when <paramref name="runningMean"/> is null
    /// (also returning the batch's mean and unbiased variance), evaluation with the running statistics otherwise.
    /// </summary>
    public static (double[] Y, double[] Mean, double[] UnbiasedVariance) Steps(
        int batch, int steps, int features, double[] x, int[]? lengths, double[] weight, double[] bias, double eps,
        double[]? runningMean = null, double[]? runningVar = null)
    {
        var valid = Enumerable.Range(0, batch * steps).Where(row => row % steps < (lengths?[row / steps] ?? steps)).ToArray();
        var packed = valid.SelectMany(row => x.Skip(row * features).Take(features)).ToArray();
        var (y, mean, unbiased) = runningMean is null
            ? Train(valid.Length, features, 1, packed, weight, bias, eps)
            : (Eval(valid.Length, features, 1, packed, weight, bias, runningMean, runningVar!, eps), runningMean, runningVar!);
        var output = new double[x.Length];
        for (var i = 0; i < valid.Length; i++)
        {
            Array.Copy(y, i * features, output, valid[i] * features, features);
        }

        return (output, mean, unbiased);
    }

    private static IEnumerable<double> Channel(int batch, int channels, int planeSize, double[] x, int c)
    {
        for (var n = 0; n < batch; n++)
        {
            for (var i = 0; i < planeSize; i++)
            {
                yield return x[(n * channels + c) * planeSize + i];
            }
        }
    }

    private static double[] Normalize(
        int batch, int channels, int planeSize, double[] x, double[] weight, double[] bias, double[] mean, double[] variance, double eps)
    {
        var y = new double[x.Length];
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var i = 0; i < planeSize; i++)
                {
                    var index = (n * channels + c) * planeSize + i;
                    y[index] = weight[c] * (x[index] - mean[c]) / Math.Sqrt(variance[c] + eps) + bias[c];
                }
            }
        }

        return y;
    }
}
