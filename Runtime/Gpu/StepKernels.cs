using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// The kernels of the layers that add or take whole steps (ClassToken, TakeStep, MeanOverSteps), with the formulas of
/// their CPU versions. One thread per output value; no two threads write the same one.
/// </summary>
internal static class StepKernels
{
    /// <summary>y [N, T + 1, d]: the token at step 0, x after it.</summary>
    public static void PrependToken(Index1D at, ArrayView<float> x, ArrayView<float> token, ArrayView<float> y, int steps, int width)
    {
        var c = at % width;
        var t = at / width % (steps + 1);
        var n = at / width / (steps + 1);
        y[at] = t == 0 ? token[c] : x[(n * steps + t - 1) * width + c];
    }

    /// <summary>dx [N, T, d] = dy without step 0.</summary>
    public static void DropToken(Index1D at, ArrayView<float> dy, ArrayView<float> dx, int steps, int width)
    {
        var c = at % width;
        var t = at / width % steps;
        var n = at / width / steps;
        dx[at] = dy[(n * (steps + 1) + t + 1) * width + c];
    }

    /// <summary>dToken [d] = Σ_n dy[n, 0], in order.</summary>
    public static void TokenGradient(Index1D c, ArrayView<float> dy, ArrayView<float> dToken, int batch, int steps, int width)
    {
        var sum = 0f;
        for (var n = 0; n < batch; n++)
        {
            sum += dy[n * (steps + 1) * width + c];
        }

        dToken[c] = sum;
    }

    /// <summary>y [N, d] = x[n, index].</summary>
    public static void TakeStep(Index1D at, ArrayView<float> x, ArrayView<float> y, int steps, int width, int index)
    {
        var c = at % width;
        var n = at / width;
        y[at] = x[(n * steps + index) * width + c];
    }

    /// <summary>dx [N, T, d] = dy[n] at the step index, 0 elsewhere.</summary>
    public static void TakeStepGradient(Index1D at, ArrayView<float> dy, ArrayView<float> dx, int steps, int width, int index)
    {
        var c = at % width;
        var t = at / width % steps;
        var n = at / width / steps;
        dx[at] = t == index ? dy[n * width + c] : 0f;
    }

    /// <summary>y [N, d] = the mean of x over the valid steps, summed in order.</summary>
    public static void Mean(Index1D at, ArrayView<float> x, ArrayView<float> y, ArrayView<int> lengths, int steps, int width)
    {
        var c = at % width;
        var n = at / width;
        var valid = lengths[n];
        var sum = 0f;
        for (var t = 0; t < valid; t++)
        {
            sum += x[(n * steps + t) * width + c];
        }

        y[at] = sum / valid;
    }

    /// <summary>dx [N, T, d] = dy[n] / len[n] at valid steps, 0 at padded ones.</summary>
    public static void MeanGradient(Index1D at, ArrayView<float> dy, ArrayView<float> dx, ArrayView<int> lengths, int steps, int width)
    {
        var c = at % width;
        var t = at / width % steps;
        var n = at / width / steps;
        var valid = lengths[n];
        dx[at] = t < valid ? dy[n * width + c] / valid : 0f;
    }
}
