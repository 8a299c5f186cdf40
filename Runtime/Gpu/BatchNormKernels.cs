using ILGPU;
using ILGPU.Algorithms;

namespace Strata.Gpu;

/// <summary>
/// The batch normalisation kernels, with the formulas and summation order of <see cref="Cpu.BatchNormCpu"/>: one thread
/// per channel for the statistics and the parameter gradients (each sums its channel in (sample, position) order), one
/// per element for the normalisation and the input gradient. Tensors are [batch, channels, planeSize]; the rows a
/// <see cref="PaddedRowsView"/> marks as padding count nowhere and get 0.
/// </summary>
internal static class BatchNormKernels
{
    /// <summary>
    /// Per channel: in training (<paramref name="training"/> ≠ 0) the batch's mean and biased variance, and the running
    /// statistics moved towards its mean and unbiased variance; in evaluation the running statistics. Saves μ and 1/√(σ² + ε).
    /// </summary>
    public static void Statistics(
        Index1D c, ArrayView<float> x, ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> savedMean,
        ArrayView<float> savedInvStd, int batch, int planeSize, float momentum, float eps, int training, PaddedRowsView padded, int count)
    {
        var channels = (int)savedMean.Length;
        float mean, variance;
        if (training != 0)
        {
            var sum = 0f;
            for (var n = 0; n < batch; n++)
            {
                if (padded.IsPadding(n))
                {
                    continue;
                }

                var start = (n * channels + c) * planeSize;
                for (var i = 0; i < planeSize; i++)
                {
                    sum += x[start + i];
                }
            }

            mean = sum / count;
            var squares = 0f;
            for (var n = 0; n < batch; n++)
            {
                if (padded.IsPadding(n))
                {
                    continue;
                }

                var start = (n * channels + c) * planeSize;
                for (var i = 0; i < planeSize; i++)
                {
                    var d = x[start + i] - mean;
                    squares += d * d;
                }
            }

            variance = squares / count;
            runningMean[c] = (1f - momentum) * runningMean[c] + momentum * mean;
            runningVar[c] = (1f - momentum) * runningVar[c] + momentum * (squares / (count - 1));
        }
        else
        {
            mean = runningMean[c];
            variance = runningVar[c];
        }

        savedMean[c] = mean;
        savedInvStd[c] = 1f / XMath.Sqrt(variance + eps);
    }

    /// <summary>Per element: y = act(γ · (x − μ) / √(σ² + ε) + β), with the activation as an int <see cref="DenseActivation"/>.</summary>
    public static void Normalize(
        Index1D index, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> savedMean,
        ArrayView<float> savedInvStd, ArrayView<float> y, int planeSize, int activation, PaddedRowsView padded)
    {
        var channels = (int)weight.Length;
        if (padded.IsPadding(index / planeSize / channels))
        {
            y[index] = 0f;
            return;
        }

        var c = index / planeSize % channels;
        var scale = weight[c] * savedInvStd[c];
        var shift = bias[c] - savedMean[c] * scale;
        y[index] = ActivationKernels.Apply(activation, x[index] * scale + shift);
    }

    /// <summary>Per channel: dβ = Σ dz and dγ = Σ dz · x̂, where dz = dy · act′(y) and x̂ = (x − μ) / √(σ² + ε).</summary>
    public static void ParameterGradients(
        Index1D c, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> savedMean, ArrayView<float> savedInvStd,
        ArrayView<float> dWeight, ArrayView<float> dBias, int batch, int planeSize, int activation, PaddedRowsView padded)
    {
        var channels = (int)dWeight.Length;
        var mean = savedMean[c];
        var invStd = savedInvStd[c];
        var sumDz = 0f;
        var sumDzXhat = 0f;
        for (var n = 0; n < batch; n++)
        {
            if (padded.IsPadding(n))
            {
                continue;
            }

            var start = (n * channels + c) * planeSize;
            for (var i = 0; i < planeSize; i++)
            {
                var dz = dy[start + i] * ActivationKernels.DerivativeFromOutput(activation, y[start + i]);
                sumDz += dz;
                sumDzXhat += dz * (x[start + i] - mean) * invStd;
            }
        }

        dBias[c] = sumDz;
        dWeight[c] = sumDzXhat;
    }

    /// <summary>
    /// Per element, after <see cref="ParameterGradients"/>: dx = γ / √(σ² + ε) · (dz − Σdz / m − x̂ · Σ dz·x̂ / m) in
    /// training (m values per channel), dx = γ / √(σ² + ε) · dz in evaluation.
    /// </summary>
    public static void InputGradient(
        Index1D index, ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> weight, ArrayView<float> savedMean,
        ArrayView<float> savedInvStd, ArrayView<float> dWeight, ArrayView<float> dBias, ArrayView<float> dx, int planeSize, int activation, int training,
        PaddedRowsView padded, int count)
    {
        var channels = (int)weight.Length;
        if (padded.IsPadding(index / planeSize / channels))
        {
            dx[index] = 0f;
            return;
        }

        var c = index / planeSize % channels;
        var invStd = savedInvStd[c];
        var dz = dy[index] * ActivationKernels.DerivativeFromOutput(activation, y[index]);
        var xhat = (x[index] - savedMean[c]) * invStd;
        var meanDz = training != 0 ? dBias[c] / count : 0f;
        var meanDzXhat = training != 0 ? dWeight[c] / count : 0f;
        dx[index] = weight[c] * invStd * (dz - meanDz - xhat * meanDzXhat);
    }
}
