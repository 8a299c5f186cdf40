using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// Layer normalisation on the CPU with PyTorch's semantics (<c>nn.LayerNorm</c>), over [rows, size]: each row (a
/// sample, or a sample's step) is normalised over its <c>size</c> values, y = γ · (x − μ) / √(σ² + ε) + β, with μ and
/// σ² the row's mean and biased variance, and γ, β [size]. The same in training and evaluation.
/// </summary>
/// <remarks>
/// Rows are independent, so they run in parallel; each sums its values in float, in 512- or 256-bit lanes on the path
/// <see cref="CpuKernels"/> chose (then the lanes, then a scalar tail; in order on the portable path), the variance from
/// the mean in a second pass. Forward saves μ and 1/√(σ² + ε) per row for backward. The parameter gradients run one
/// vector of elements per work item and sum over the rows in row order per element, so they are deterministic.
/// </remarks>
public static unsafe class LayerNormCpu
{
    /// <summary>The forward pass; <paramref name="savedMean"/> and <paramref name="savedInvStd"/> [rows] are written for backward.</summary>
    public static void Forward(
        int rows, int size, float eps, Tensor x, Tensor weight, Tensor bias, Tensor savedMean, Tensor savedInvStd, Tensor y)
    {
        Check(rows, size, eps, x, weight, bias, savedMean, savedInvStd);
        ArgumentChecks.Length(y, nameof(y), rows, size);
        var body = new NormalizeRows(x.Pointer, y.Pointer, weight.Pointer, bias.Pointer, savedMean.Pointer, savedInvStd.Pointer, size, eps);
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
            var columns = new ParameterColumns(x.Pointer, dy.Pointer, savedMean.Pointer, savedInvStd.Pointer, Tensor.PointerOf(dWeight), Tensor.PointerOf(dBias), rows, size);
            CpuParallel.For((size + ParameterColumns.Lanes - 1) / ParameterColumns.Lanes, ref columns);
        }

        if (dx is null)
        {
            return;
        }

        var rowsBody = new InputGradientRows(x.Pointer, dy.Pointer, weight.Pointer, savedMean.Pointer, savedInvStd.Pointer, dx.Pointer, size);
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

    /// <summary>Σ values, in vector lanes then the tail.</summary>
    private static float Sum(ReadOnlySpan<float> values)
    {
        var i = 0;
        var sum = 0f;
        if (CpuKernels.Vector512)
        {
            var sums = Vector512<float>.Zero;
            for (; i + 16 <= values.Length; i += 16)
            {
                sums += SpanVectors.Load(values, i);
            }

            sum = Vector512.Sum(sums);
        }
        else if (CpuKernels.Vector256)
        {
            var sums = Vector256<float>.Zero;
            for (; i + 8 <= values.Length; i += 8)
            {
                sums += Vector256.Create(values.Slice(i, 8));
            }

            sum = Vector256.Sum(sums);
        }

        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>One row normalised; its mean and 1/σ saved.</summary>
    private readonly struct NormalizeRows(float* xs, float* ys, float* gamma, float* beta, float* means, float* invStds, int size, float eps)
        : IParallelBody
    {
        public void Run(int row)
        {
            var x = new ReadOnlySpan<float>(xs + (row * size), size);
            var y = new Span<float>(ys + (row * size), size);
            var mean = Sum(x) / size;
            var invStd = 1f / MathF.Sqrt(SpanVectors.SquaredDeviations(x, mean) / size + eps);
            means[row] = mean;
            invStds[row] = invStd;
            var i = 0;
            if (CpuKernels.Vector512)
            {
                var (m, s) = (Vector512.Create(mean), Vector512.Create(invStd));
                for (; i + 16 <= size; i += 16)
                {
                    SpanVectors.Store(Vector512.Load(gamma + i) * ((SpanVectors.Load(x, i) - m) * s) + Vector512.Load(beta + i), y, i);
                }
            }
            else if (CpuKernels.Vector256)
            {
                var (m, s) = (Vector256.Create(mean), Vector256.Create(invStd));
                for (; i + 8 <= size; i += 8)
                {
                    (Vector256.Load(gamma + i) * ((Vector256.Create(x.Slice(i, 8)) - m) * s) + Vector256.Load(beta + i)).CopyTo(y.Slice(i, 8));
                }
            }

            for (; i < size; i++)
            {
                y[i] = gamma[i] * ((x[i] - mean) * invStd) + beta[i];
            }
        }
    }

    /// <summary>One vector of elements' dγ and dβ (scalars past the last full vector), summed over the rows in order.</summary>
    private readonly struct ParameterColumns(float* xs, float* dys, float* means, float* invStds, float* dGamma, float* dBeta, int rows, int size)
        : IParallelBody
    {
        /// <summary>The elements per work item.</summary>
        public static int Lanes => CpuKernels.Vector512 ? 16 : CpuKernels.Vector256 ? 8 : 1;

        public void Run(int block)
        {
            var first = block * Lanes;
            if (first + Lanes <= size && Lanes == 16)
            {
                var (sumGamma, sumBeta) = (Vector512<float>.Zero, Vector512<float>.Zero);
                for (var row = 0; row < rows; row++)
                {
                    var at = row * size + first;
                    var dy = Vector512.Load(dys + at);
                    sumGamma += dy * ((Vector512.Load(xs + at) - Vector512.Create(means[row])) * Vector512.Create(invStds[row]));
                    sumBeta += dy;
                }

                Store(sumGamma, sumBeta, first);
                return;
            }

            if (first + Lanes <= size && Lanes == 8)
            {
                var (sumGamma, sumBeta) = (Vector256<float>.Zero, Vector256<float>.Zero);
                for (var row = 0; row < rows; row++)
                {
                    var at = row * size + first;
                    var dy = Vector256.Load(dys + at);
                    sumGamma += dy * ((Vector256.Load(xs + at) - Vector256.Create(means[row])) * Vector256.Create(invStds[row]));
                    sumBeta += dy;
                }

                Store(sumGamma.ToVector512(), sumBeta.ToVector512(), first, 8);
                return;
            }

            for (var i = first; i < Math.Min(first + Lanes, size); i++)
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

        private void Store(Vector512<float> sumGamma, Vector512<float> sumBeta, int first, int count = 16)
        {
            for (var j = 0; j < count; j++)
            {
                if (dGamma is not null)
                {
                    dGamma[first + j] = sumGamma.GetElement(j);
                }

                if (dBeta is not null)
                {
                    dBeta[first + j] = sumBeta.GetElement(j);
                }
            }
        }
    }

    /// <summary>One row's input gradient.</summary>
    private readonly struct InputGradientRows(float* xs, float* dys, float* gamma, float* means, float* invStds, float* dxs, int size)
        : IParallelBody
    {
        public void Run(int row)
        {
            var start = row * size;
            var (mean, invStd) = (means[row], invStds[row]);
            float sumG = 0f, sumGXhat = 0f;
            var i = 0;
            if (CpuKernels.Vector512)
            {
                var (m, s) = (Vector512.Create(mean), Vector512.Create(invStd));
                var (sg, sgx) = (Vector512<float>.Zero, Vector512<float>.Zero);
                for (; i + 16 <= size; i += 16)
                {
                    var g = Vector512.Load(gamma + i) * Vector512.Load(dys + start + i);
                    sg += g;
                    sgx += g * ((Vector512.Load(xs + start + i) - m) * s);
                }

                (sumG, sumGXhat) = (Vector512.Sum(sg), Vector512.Sum(sgx));
            }

            for (; i < size; i++)
            {
                var g = gamma[i] * dys[start + i];
                sumG += g;
                sumGXhat += g * ((xs[start + i] - mean) * invStd);
            }

            var (meanG, meanGXhat) = (sumG / size, sumGXhat / size);
            i = 0;
            if (CpuKernels.Vector512)
            {
                var (m, s, mg, mgx) = (Vector512.Create(mean), Vector512.Create(invStd), Vector512.Create(meanG), Vector512.Create(meanGXhat));
                var dx = new Span<float>(dxs + start, size);
                for (; i + 16 <= size; i += 16)
                {
                    var xHat = (Vector512.Load(xs + start + i) - m) * s;
                    SpanVectors.Store(s * (Vector512.Load(gamma + i) * Vector512.Load(dys + start + i) - mg - xHat * mgx), dx, i);
                }
            }

            for (; i < size; i++)
            {
                var xHat = (xs[start + i] - mean) * invStd;
                dxs[start + i] = invStd * (gamma[i] * dys[start + i] - meanG - xHat * meanGXhat);
            }
        }
    }
}
