using Strata.Cpu;

namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// Plain nested-loop float64 versions of the CPU layers, written straight from the definitions and sharing no code
/// with Strata's kernels: the oracle for forward outputs and, through finite differences, for gradients.
/// </summary>
internal static class ReferenceLayers
{
    /// <summary>op(A)·op(B) for m × k and k × n operands stored row-major with the given strides.</summary>
    public static double[] Gemm(int m, int n, int k, float[] a, int lda, bool transposeA, float[] b, int ldb, bool transposeB)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var aValue = transposeA ? a[p * lda + i] : a[i * lda + p];
                    var bValue = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)aValue * bValue;
                }

                c[i * n + j] = sum;
            }
        }

        return c;
    }

    /// <summary>
    /// The pre-activation of a convolution: z[n, oc, oh, ow] = b[oc] + Σ w[oc, c, kh, kw]·x[n, g·C/G + c, ih, iw], over the
    /// input channels c of oc's group g, with ih = oh·s − p + kh·d (and iw likewise), as PyTorch defines groups and dilation.
    /// </summary>
    public static double[] Conv2dPreActivation(ConvGeometry g, double[] x, double[] w, double[]? b)
    {
        var z = new double[g.Batch * g.OutChannels * g.OutHeight * g.OutWidth];
        for (var n = 0; n < g.Batch; n++)
        for (var oc = 0; oc < g.OutChannels; oc++)
        for (var oh = 0; oh < g.OutHeight; oh++)
        for (var ow = 0; ow < g.OutWidth; ow++)
        {
            var sum = b?[oc] ?? 0;
            var perGroup = g.InChannels / g.Groups;
            var group = oc / (g.OutChannels / g.Groups);
            for (var c = 0; c < perGroup; c++)
            for (var kh = 0; kh < g.KernelHeight; kh++)
            for (var kw = 0; kw < g.KernelWidth; kw++)
            {
                var ih = oh * g.Stride - g.Pad + kh * g.Dilation;
                var iw = ow * g.Stride - g.Pad + kw * g.Dilation;
                if (ih < 0 || ih >= g.InHeight || iw < 0 || iw >= g.InWidth)
                {
                    continue;
                }

                sum += w[((oc * perGroup + c) * g.KernelHeight + kh) * g.KernelWidth + kw]
                       * x[((n * g.InChannels + group * perGroup + c) * g.InHeight + ih) * g.InWidth + iw];
            }

            z[((n * g.OutChannels + oc) * g.OutHeight + oh) * g.OutWidth + ow] = sum;
        }

        return z;
    }

    /// <summary>The pre-activation of a dense layer: z[n, o] = b[o] + Σ_i x[n, i]·w[o, i].</summary>
    public static double[] DensePreActivation(int batch, int inFeatures, int outFeatures, double[] x, double[] w, double[]? b)
    {
        var z = new double[batch * outFeatures];
        for (var n = 0; n < batch; n++)
        for (var o = 0; o < outFeatures; o++)
        {
            var sum = b?[o] ?? 0;
            for (var i = 0; i < inFeatures; i++)
            {
                sum += x[n * inFeatures + i] * w[o * inFeatures + i];
            }

            z[n * outFeatures + o] = sum;
        }

        return z;
    }

    /// <summary>Max pooling: the largest real cell of each window (padding is ignored, never a candidate).</summary>
    public static double[] MaxPool(PoolGeometry g, double[] x)
    {
        var y = new double[g.Batch * g.Channels * g.OutHeight * g.OutWidth];
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
        for (var oh = 0; oh < g.OutHeight; oh++)
        for (var ow = 0; ow < g.OutWidth; ow++)
        {
            var best = double.NegativeInfinity;
            for (var kh = 0; kh < g.Kernel; kh++)
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var ih = oh * g.Stride - g.Pad + kh;
                var iw = ow * g.Stride - g.Pad + kw;
                if (ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth)
                {
                    best = Math.Max(best, x[(plane * g.InHeight + ih) * g.InWidth + iw]);
                }
            }

            y[(plane * g.OutHeight + oh) * g.OutWidth + ow] = best;
        }

        return y;
    }

    /// <summary>
    /// Average pooling with PyTorch's divisor, spelled out as in aten's avg_pool2d: with count_include_pad the
    /// divisor is the window's size after clipping to the padded image, otherwise the number of real cells.
    /// </summary>
    public static double[] AvgPool(PoolGeometry g, bool countIncludePad, double[] x)
    {
        var y = new double[g.Batch * g.Channels * g.OutHeight * g.OutWidth];
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
        for (var oh = 0; oh < g.OutHeight; oh++)
        for (var ow = 0; ow < g.OutWidth; ow++)
        {
            double sum = 0;
            var realCells = 0;
            var paddedCells = 0;
            for (var kh = 0; kh < g.Kernel; kh++)
            for (var kw = 0; kw < g.Kernel; kw++)
            {
                var ih = oh * g.Stride - g.Pad + kh;
                var iw = ow * g.Stride - g.Pad + kw;
                if (ih < g.InHeight + g.Pad && iw < g.InWidth + g.Pad)
                {
                    paddedCells++;
                }

                if (ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth)
                {
                    realCells++;
                    sum += x[(plane * g.InHeight + ih) * g.InWidth + iw];
                }
            }

            y[(plane * g.OutHeight + oh) * g.OutWidth + ow] = realCells == 0 ? 0 : sum / (countIncludePad ? paddedCells : realCells);
        }

        return y;
    }

    /// <summary>Global average pooling: the mean of each (sample, channel) plane of <paramref name="planeSize"/> values.</summary>
    public static double[] GlobalAvgPool(int batch, int channels, int planeSize, double[] x)
    {
        var y = new double[batch * channels];
        for (var plane = 0; plane < y.Length; plane++)
        {
            double sum = 0;
            for (var i = 0; i < planeSize; i++)
            {
                sum += x[plane * planeSize + i];
            }

            y[plane] = sum / planeSize;
        }

        return y;
    }

    /// <summary>
    /// nn.AdaptiveAvgPool2d((outHeight, outWidth)) by its definition: output (i, j) is the mean of rows
    /// ⌊i·H/h⌋ … ⌈(i+1)·H/h⌉ − 1 and columns ⌊j·W/w⌋ … ⌈(j+1)·W/w⌉ − 1, computed here in floating point with
    /// Math.Floor and Math.Ceiling rather than the runtime's integer arithmetic.
    /// </summary>
    public static double[] AdaptiveAvgPool(int batch, int channels, int inHeight, int inWidth, int outHeight, int outWidth, double[] x)
    {
        var y = new double[batch * channels * outHeight * outWidth];
        for (var plane = 0; plane < batch * channels; plane++)
        for (var i = 0; i < outHeight; i++)
        for (var j = 0; j < outWidth; j++)
        {
            var (h0, h1) = ((int)Math.Floor((double)i * inHeight / outHeight), (int)Math.Ceiling((double)(i + 1) * inHeight / outHeight));
            var (w0, w1) = ((int)Math.Floor((double)j * inWidth / outWidth), (int)Math.Ceiling((double)(j + 1) * inWidth / outWidth));
            double sum = 0;
            for (var h = h0; h < h1; h++)
            for (var w = w0; w < w1; w++)
            {
                sum += x[(plane * inHeight + h) * inWidth + w];
            }

            y[(plane * outHeight + i) * outWidth + j] = sum / ((h1 - h0) * (w1 - w0));
        }

        return y;
    }

    /// <summary>nn.LayerNorm over each of <paramref name="rows"/> rows of <paramref name="size"/> values: γ · (x − μ) / √(σ² + eps) + β, σ² biased.</summary>
    public static double[] LayerNorm(int rows, int size, double[] x, double[] weight, double[] bias, double eps)
    {
        var y = new double[rows * size];
        for (var r = 0; r < rows; r++)
        {
            var values = x.Skip(r * size).Take(size).ToArray();
            var mean = values.Average();
            var variance = values.Select(v => (v - mean) * (v - mean)).Average();
            for (var i = 0; i < size; i++)
            {
                y[r * size + i] = weight[i] * (values[i] - mean) / Math.Sqrt(variance + eps) + bias[i];
            }
        }

        return y;
    }

    /// <summary>Applies <paramref name="kind"/> to every value.</summary>
    public static double[] Activate(ReferenceActivation kind, double[] z) => z.Select(value => kind.Apply(value)).ToArray();

    /// <summary>Σ r ⊙ y: a scalar loss whose gradient with respect to y is r.</summary>
    public static double WeightedSum(double[] r, double[] y)
    {
        double sum = 0;
        for (var i = 0; i < y.Length; i++)
        {
            sum += r[i] * y[i];
        }

        return sum;
    }
}
