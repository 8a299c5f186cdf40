using ILGPU;
using ILGPU.Algorithms;

namespace Strata.Gpu;

/// <summary>The layer normalisation kernels, with the formulas and summation order of <see cref="Cpu.LayerNormCpu"/>.</summary>
internal static class LayerNormKernels
{
    /// <summary>One thread per row: its mean and 1/√(σ² + ε), saved, then its normalised, scaled and shifted values.</summary>
    public static void Forward(
        Index1D row, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> savedMean, ArrayView<float> savedInvStd,
        ArrayView<float> y, int size, float eps)
    {
        var start = row * size;
        var sum = 0f;
        for (var i = 0; i < size; i++)
        {
            sum += x[start + i];
        }

        var mean = sum / size;
        var squares = 0f;
        for (var i = 0; i < size; i++)
        {
            var d = x[start + i] - mean;
            squares += d * d;
        }

        var invStd = 1f / XMath.Sqrt(squares / size + eps);
        savedMean[row] = mean;
        savedInvStd[row] = invStd;
        for (var i = 0; i < size; i++)
        {
            y[start + i] = weight[i] * ((x[start + i] - mean) * invStd) + bias[i];
        }
    }

    /// <summary>One thread per normalised element: dγ and dβ summed over the rows in order.</summary>
    public static void ParameterGradients(
        Index1D i, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> savedMean, ArrayView<float> savedInvStd,
        ArrayView<float> dWeight, ArrayView<float> dBias, int rows, int size)
    {
        var sumGamma = 0f;
        var sumBeta = 0f;
        for (var row = 0; row < rows; row++)
        {
            var at = row * size + i;
            sumGamma += dy[at] * ((x[at] - savedMean[row]) * savedInvStd[row]);
            sumBeta += dy[at];
        }

        dWeight[i] = sumGamma;
        dBias[i] = sumBeta;
    }

    /// <summary>One thread per row: dx = (1/σ) · (g − mean(g) − x̂ · mean(g · x̂)) with g = γ · dy.</summary>
    public static void InputGradient(
        Index1D row, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> savedMean, ArrayView<float> savedInvStd,
        ArrayView<float> dy, ArrayView<float> dx, int size)
    {
        var start = row * size;
        var mean = savedMean[row];
        var invStd = savedInvStd[row];
        var sumG = 0f;
        var sumGXhat = 0f;
        for (var i = 0; i < size; i++)
        {
            var g = weight[i] * dy[start + i];
            sumG += g;
            sumGXhat += g * ((x[start + i] - mean) * invStd);
        }

        var meanG = sumG / size;
        var meanGXhat = sumGXhat / size;
        for (var i = 0; i < size; i++)
        {
            var xHat = (x[start + i] - mean) * invStd;
            dx[start + i] = invStd * (weight[i] * dy[start + i] - meanG - xHat * meanGXhat);
        }
    }
}
