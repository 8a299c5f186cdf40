namespace Strata.Cpu;

/// <summary>
/// Layer normalisation on the CPU with PyTorch's semantics (<c>nn.LayerNorm</c>), over [rows, size]: each row (a
/// sample, or a sample's step) is normalised over its <c>size</c> values, y = γ · (x − μ) / √(σ² + ε) + β, with μ and
/// σ² the row's mean and biased variance, and γ, β [size]. The same in training and evaluation.
/// </summary>
/// <remarks>
/// Rows are independent, so they run in parallel; each sums its values in order, in float, the variance from the mean
/// in a second pass (the order <see cref="Gpu.LayerNormGpu"/> follows). Forward saves μ and 1/√(σ² + ε) per row for
/// backward. The parameter gradients sum over rows in row order per element, so they are deterministic.
/// </remarks>
public static class LayerNormCpu
{
    /// <summary>The forward pass; <paramref name="savedMean"/> and <paramref name="savedInvStd"/> [rows] are written for backward.</summary>
    public static void Forward(
        int rows, int size, float eps, Tensor x, Tensor weight, Tensor bias, Tensor savedMean, Tensor savedInvStd, Tensor y)
    {
        Check(rows, size, eps, x, weight, bias, savedMean, savedInvStd);
        ArgumentChecks.Length(y, nameof(y), rows, size);
        var body = new NormalizeRows(x.Array, y.Array, weight.Array, bias.Array, savedMean.Array, savedInvStd.Array, size, eps);
        CpuParallel.For(rows, ref body);
    }

    /// <summary>
    /// The backward pass: dγ = Σ_rows dy · x̂ and dβ = Σ_rows dy (overwritten; skipped when null, for frozen
    /// parameters), and when <paramref name="dx"/> is not
    /// null, dx = (1/σ) · (g − mean(g) − x̂ · mean(g · x̂)) per row with g = γ · dy (overwritten).
    /// </summary>
    public static void Backward(
        int rows, int size, Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvStd, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias)
    {
        CheckBackward(rows, size, x, weight, savedMean, savedInvStd, dy, dx, dWeight, dBias);
        if (dWeight is not null || dBias is not null)
        {
            var columns = new ParameterColumns(x.Array, dy.Array, savedMean.Array, savedInvStd.Array, dWeight?.Array, dBias?.Array, rows, size);
            CpuParallel.For(size, ref columns);
        }

        if (dx is null)
        {
            return;
        }

        var rowsBody = new InputGradientRows(x.Array, dy.Array, weight.Array, savedMean.Array, savedInvStd.Array, dx.Array, size);
        CpuParallel.For(rows, ref rowsBody);
    }

    /// <summary>Checks the forward arguments (shared with the GPU).</summary>
    internal static void Check(int rows, int size, float eps, Tensor x, Tensor weight, Tensor bias, Tensor savedMean, Tensor savedInvStd)
    {
        ArgumentChecks.AtLeast(rows, 1, nameof(rows));
        ArgumentChecks.AtLeast(size, 1, nameof(size));
        if (!(eps > 0) || float.IsInfinity(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        }

        ArgumentChecks.Length(x, nameof(x), rows, size);
        ArgumentChecks.Length(weight, nameof(weight), size);
        ArgumentChecks.Length(bias, nameof(bias), size);
        ArgumentChecks.Length(savedMean, nameof(savedMean), rows);
        ArgumentChecks.Length(savedInvStd, nameof(savedInvStd), rows);
    }

    /// <summary>Checks the backward arguments (shared with the GPU).</summary>
    internal static void CheckBackward(
        int rows, int size, Tensor x, Tensor weight, Tensor savedMean, Tensor savedInvStd, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias)
    {
        ArgumentChecks.AtLeast(rows, 1, nameof(rows));
        ArgumentChecks.AtLeast(size, 1, nameof(size));
        ArgumentChecks.Length(x, nameof(x), rows, size);
        ArgumentChecks.Length(weight, nameof(weight), size);
        ArgumentChecks.Length(savedMean, nameof(savedMean), rows);
        ArgumentChecks.Length(savedInvStd, nameof(savedInvStd), rows);
        ArgumentChecks.Length(dy, nameof(dy), rows, size);
        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), rows, size);
        }

        if (dWeight is not null)
        {
            ArgumentChecks.Length(dWeight, nameof(dWeight), size);
        }

        if (dBias is not null)
        {
            ArgumentChecks.Length(dBias, nameof(dBias), size);
        }
    }

    /// <summary>One row normalised; its mean and 1/σ saved.</summary>
    private readonly struct NormalizeRows(float[] xs, float[] ys, float[] gamma, float[] beta, float[] means, float[] invStds, int size, float eps)
        : IParallelBody
    {
        public void Run(int row)
        {
            var start = row * size;
            var sum = 0f;
            for (var i = 0; i < size; i++)
            {
                sum += xs[start + i];
            }

            var mean = sum / size;
            var squares = 0f;
            for (var i = 0; i < size; i++)
            {
                var d = xs[start + i] - mean;
                squares += d * d;
            }

            var invStd = 1f / MathF.Sqrt(squares / size + eps);
            means[row] = mean;
            invStds[row] = invStd;
            for (var i = 0; i < size; i++)
            {
                ys[start + i] = gamma[i] * ((xs[start + i] - mean) * invStd) + beta[i];
            }
        }
    }

    /// <summary>One element's dγ and dβ, summed over the rows in order.</summary>
    private readonly struct ParameterColumns(float[] xs, float[] dys, float[] means, float[] invStds, float[]? dGamma, float[]? dBeta, int rows, int size)
        : IParallelBody
    {
        public void Run(int i)
        {
            float sumGamma = 0f, sumBeta = 0f;
            for (var row = 0; row < rows; row++)
            {
                var at = row * size + i;
                sumGamma += dys[at] * ((xs[at] - means[row]) * invStds[row]);
                sumBeta += dys[at];
            }

            if (dGamma is not null)
            {
                dGamma[i] = sumGamma;
            }

            if (dBeta is not null)
            {
                dBeta[i] = sumBeta;
            }
        }
    }

    /// <summary>One row's input gradient.</summary>
    private readonly struct InputGradientRows(float[] xs, float[] dys, float[] gamma, float[] means, float[] invStds, float[] dxs, int size)
        : IParallelBody
    {
        public void Run(int row)
        {
            var start = row * size;
            var (mean, invStd) = (means[row], invStds[row]);
            float sumG = 0f, sumGXhat = 0f;
            for (var i = 0; i < size; i++)
            {
                var g = gamma[i] * dys[start + i];
                sumG += g;
                sumGXhat += g * ((xs[start + i] - mean) * invStd);
            }

            var (meanG, meanGXhat) = (sumG / size, sumGXhat / size);
            for (var i = 0; i < size; i++)
            {
                var xHat = (xs[start + i] - mean) * invStd;
                dxs[start + i] = invStd * (gamma[i] * dys[start + i] - meanG - xHat * meanGXhat);
            }
        }
    }
}
