using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace Strata.Gpu;

/// <summary>
/// The batch normalisation kernels, with the formulas of <see cref="Cpu.BatchNormCpu"/>: one group per channel for the
/// statistics and the parameter gradients (each thread sums a strided share of the channel, then ILGPU.Algorithms' group
/// reduction combines the shares: one launch for all channels), one thread per element for the normalisation and the
/// input gradient. Tensors are [batch, channels, planeSize]; the rows a
/// <see cref="PaddedRowsView"/> marks as padding count nowhere and get 0.
/// </summary>
internal static class BatchNormKernels
{
    /// <summary>
    /// One group per channel (explicitly grouped, any group size): in training (<paramref name="training"/> ≠ 0) the
    /// batch's mean and biased variance, each a group reduction over the channel's (sample, position) values, and the
    /// running statistics moved towards its mean and unbiased variance; in evaluation the running statistics. Saves μ
    /// and 1/√(σ² + ε).
    /// </summary>
    public static void Statistics(
        ArrayView<float> x, ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> savedMean,
        ArrayView<float> savedInvStd, int batch, int planeSize, float momentum, float eps, int training, PaddedRowsView padded, int count)
    {
        var c = Grid.IdxX;
        var channels = (int)savedMean.Length;
        float mean, variance;
        if (training != 0)
        {
            var values = batch * planeSize;
            var sum = 0f;
            for (var j = Group.IdxX; j < values; j += Group.DimX)
            {
                var n = j / planeSize;
                sum += padded.IsPadding(n) ? 0f : x[(n * channels + c) * planeSize + j % planeSize];
            }

            mean = GroupExtensions.AllReduce<float, AddFloat>(sum) / count;
            var squares = 0f;
            for (var j = Group.IdxX; j < values; j += Group.DimX)
            {
                var n = j / planeSize;
                var d = padded.IsPadding(n) ? 0f : x[(n * channels + c) * planeSize + j % planeSize] - mean;
                squares += d * d;
            }

            var total = GroupExtensions.Reduce<float, AddFloat>(squares);
            variance = total / count;
            if (Group.IsFirstThread)
            {
                runningMean[c] = (1f - momentum) * runningMean[c] + momentum * mean;
                runningVar[c] = (1f - momentum) * runningVar[c] + momentum * (total / (count - 1));
            }
        }
        else
        {
            mean = runningMean[c];
            variance = runningVar[c];
        }

        if (Group.IsFirstThread)
        {
            savedMean[c] = mean;
            savedInvStd[c] = 1f / XMath.Sqrt(variance + eps);
        }
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

    /// <summary>
    /// One group per channel (explicitly grouped, any group size): dβ = Σ dz and dγ = Σ dz · x̂, each a group reduction,
    /// where dz = dy · act′(y) and x̂ = (x − μ) / √(σ² + ε).
    /// </summary>
    public static void ParameterGradients(
        ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> savedMean, ArrayView<float> savedInvStd,
        ArrayView<float> dWeight, ArrayView<float> dBias, int batch, int planeSize, int activation, PaddedRowsView padded)
    {
        var c = Grid.IdxX;
        var channels = (int)dWeight.Length;
        var mean = savedMean[c];
        var invStd = savedInvStd[c];
        var sumDz = 0f;
        var sumDzXhat = 0f;
        var values = batch * planeSize;
        for (var j = Group.IdxX; j < values; j += Group.DimX)
        {
            var n = j / planeSize;
            if (!padded.IsPadding(n))
            {
                var at = (n * channels + c) * planeSize + j % planeSize;
                var dz = dy[at] * ActivationKernels.DerivativeFromOutput(activation, y[at]);
                sumDz += dz;
                sumDzXhat += dz * (x[at] - mean) * invStd;
            }
        }

        var totalDz = GroupExtensions.Reduce<float, AddFloat>(sumDz);
        var totalDzXhat = GroupExtensions.Reduce<float, AddFloat>(sumDzXhat);
        if (Group.IsFirstThread)
        {
            dBias[c] = totalDz;
            dWeight[c] = totalDzXhat;
        }
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
