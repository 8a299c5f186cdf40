namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// Float64 versions of the Transformer layers written from their definitions (PyTorch's <c>nn.MultiheadAttention</c>,
/// the Transformer paper's sinusoidal positions, ViT's class token and learned positions), sharing no code with Strata's
/// kernels. Sequences are [N, T, d] row-major; <c>lengths</c> null means every sequence is full.
/// </summary>
internal static class ReferenceTransformer
{
    /// <summary>
    /// Self-attention: q, k, v = x·W_inᵀ + b_in, per head softmax(q·kᵀ/√(d/h)) over the keys t &lt; length (padded keys
    /// masked with −∞), the heads' contexts concatenated, then ·W_outᵀ + b_out. Padded query steps attend like the others.
    /// With a dropout <paramref name="mask"/> [N, heads, T, T] (0 or 1/(1 − p)), each weight is multiplied by its element
    /// before it weights the values, as <c>F.dropout</c> on the attention weights in <c>nn.MultiheadAttention</c>.
    /// </summary>
    public static double[] SelfAttention(
        int batch, int steps, int width, int heads, double[] x, double[] inW, double[] inB, double[] outW, double[] outB, int[]? lengths,
        double[]? mask = null)
    {
        var qkv = Linear(batch * steps, width, 3 * width, x, inW, inB);
        var headSize = width / heads;
        var context = new double[batch * steps * width];
        for (var n = 0; n < batch; n++)
        {
            var valid = lengths?[n] ?? steps;
            for (var h = 0; h < heads; h++)
            {
                for (var i = 0; i < steps; i++)
                {
                    var scores = new double[steps];
                    for (var j = 0; j < steps; j++)
                    {
                        if (j >= valid)
                        {
                            scores[j] = double.NegativeInfinity;
                            continue;
                        }

                        double dot = 0;
                        for (var e = 0; e < headSize; e++)
                        {
                            dot += qkv[(n * steps + i) * 3 * width + h * headSize + e] * qkv[(n * steps + j) * 3 * width + width + h * headSize + e];
                        }

                        scores[j] = dot / Math.Sqrt(headSize);
                    }

                    var max = scores.Max();
                    var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var sum = exps.Sum();
                    for (var e = 0; e < headSize; e++)
                    {
                        double total = 0;
                        for (var j = 0; j < steps; j++)
                        {
                            var weight = exps[j] / sum * (mask?[((n * heads + h) * steps + i) * steps + j] ?? 1);
                            total += weight * qkv[(n * steps + j) * 3 * width + 2 * width + h * headSize + e];
                        }

                        context[(n * steps + i) * width + h * headSize + e] = total;
                    }
                }
            }
        }

        return Linear(batch * steps, width, width, context, outW, outB);
    }

    /// <summary>
    /// Cross-attention, written apart from <see cref="SelfAttention"/> from <c>nn.MultiheadAttention(d, heads)</c> called as
    /// <c>attn(query, key=memory, value=memory, key_padding_mask)</c>: the packed in_proj_weight's first d rows project
    /// the queries [N, Tq, d], the next d the keys and the last d the values, both from the memory [N, Tk, d]; per head
    /// softmax(q·kᵀ/√(d/h)) over the keys t &lt; keyLengths[n] (times a dropout mask [N, heads, Tq, Tk] when given), the
    /// heads concatenated, then the output projection.
    /// </summary>
    public static double[] CrossAttention(
        int batch, int queries, int keys, int width, int heads, double[] query, double[] memory, double[] inW, double[] inB, double[] outW, double[] outB,
        int[]? keyLengths, double[]? mask = null)
    {
        double Project(double[] x, int row, int block, int column)
        {
            var o = block * width + column;
            var sum = inB[o];
            for (var i = 0; i < width; i++)
            {
                sum += x[row * width + i] * inW[o * width + i];
            }

            return sum;
        }

        var headSize = width / heads;
        var context = new double[batch * queries * width];
        for (var n = 0; n < batch; n++)
        {
            var valid = keyLengths?[n] ?? keys;
            for (var h = 0; h < heads; h++)
            {
                for (var i = 0; i < queries; i++)
                {
                    var q = Enumerable.Range(0, headSize).Select(e => Project(query, n * queries + i, 0, h * headSize + e)).ToArray();
                    var scores = new double[valid];
                    for (var j = 0; j < valid; j++)
                    {
                        scores[j] = Enumerable.Range(0, headSize).Sum(e => q[e] * Project(memory, n * keys + j, 1, h * headSize + e)) / Math.Sqrt(headSize);
                    }

                    var max = scores.Max();
                    var sum = scores.Sum(v => Math.Exp(v - max));
                    for (var j = 0; j < valid; j++)
                    {
                        var weight = Math.Exp(scores[j] - max) / sum * (mask?[((n * heads + h) * queries + i) * keys + j] ?? 1);
                        for (var e = 0; e < headSize; e++)
                        {
                            context[(n * queries + i) * width + h * headSize + e] += weight * Project(memory, n * keys + j, 2, h * headSize + e);
                        }
                    }
                }
            }
        }

        return Linear(batch * queries, width, width, context, outW, outB);
    }

    /// <summary>
    /// The attention core alone, between the projections: queries from columns 0..d of <paramref name="queryQkv"/>
    /// [N, Tq, 3d], keys and values from columns d..2d and 2d..3d of <paramref name="keyQkv"/> [N, Tk, 3d]; per head
    /// P = softmax(q·kᵀ/√(d/h)) over the keys t &lt; keyLengths[n] (0 beyond) [N, heads, Tq, Tk], and the context
    /// [N, Tq, d] = (P ⊙ mask)·v with the heads side by side (mask 1 when null).
    /// </summary>
    public static (double[] Weights, double[] Context) AttentionCore(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, double[] queryQkv, double[] keyQkv, double[]? mask = null)
    {
        var headSize = width / heads;
        var weights = new double[batch * heads * queries * keys];
        var context = new double[batch * queries * width];
        for (var n = 0; n < batch; n++)
        {
            var valid = keyLengths?[n] ?? keys;
            for (var h = 0; h < heads; h++)
            {
                for (var i = 0; i < queries; i++)
                {
                    var scores = new double[valid];
                    for (var j = 0; j < valid; j++)
                    {
                        double dot = 0;
                        for (var e = 0; e < headSize; e++)
                        {
                            dot += queryQkv[(n * queries + i) * 3 * width + h * headSize + e] * keyQkv[(n * keys + j) * 3 * width + width + h * headSize + e];
                        }

                        scores[j] = dot / Math.Sqrt(headSize);
                    }

                    var max = scores.Max();
                    var sum = scores.Sum(v => Math.Exp(v - max));
                    var row = ((n * heads + h) * queries + i) * keys;
                    for (var j = 0; j < valid; j++)
                    {
                        weights[row + j] = Math.Exp(scores[j] - max) / sum;
                        var weight = weights[row + j] * (mask?[row + j] ?? 1);
                        for (var e = 0; e < headSize; e++)
                        {
                            context[(n * queries + i) * width + h * headSize + e] += weight * keyQkv[(n * keys + j) * 3 * width + 2 * width + h * headSize + e];
                        }
                    }
                }
            }
        }

        return (weights, context);
    }

    /// <summary>y = x·wᵀ + b per row.</summary>
    public static double[] Linear(int rows, int inFeatures, int outFeatures, double[] x, double[] w, double[]? b)
    {
        var y = new double[rows * outFeatures];
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                var sum = b?[o] ?? 0;
                for (var i = 0; i < inFeatures; i++)
                {
                    sum += x[r * inFeatures + i] * w[o * inFeatures + i];
                }

                y[r * outFeatures + o] = sum;
            }
        }

        return y;
    }

    /// <summary>The Transformer paper's table: PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i + 1] = cos(t / 10000^(2i/d)).</summary>
    public static double Sinusoid(int t, int column, int width)
    {
        var angle = t / Math.Pow(10000, (column - column % 2) / (double)width);
        return column % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
    }

    /// <summary>x + PE, the same table for every sample.</summary>
    public static double[] AddSinusoids(int batch, int steps, int width, double[] x) =>
        x.Select((value, at) => value + Sinusoid(at / width % steps, at % width, width)).ToArray();

    /// <summary>x + W[t] at every step t.</summary>
    public static double[] AddPositions(int batch, int steps, int width, double[] x, double[] table) =>
        x.Select((value, at) => value + table[at / width % steps * width + at % width]).ToArray();

    /// <summary>[N, T, d] → [N, T + 1, d] with the token first.</summary>
    public static double[] PrependToken(int batch, int steps, int width, double[] x, double[] token)
    {
        var y = new double[batch * (steps + 1) * width];
        for (var n = 0; n < batch; n++)
        {
            Array.Copy(token, 0, y, n * (steps + 1) * width, width);
            Array.Copy(x, n * steps * width, y, (n * (steps + 1) + 1) * width, steps * width);
        }

        return y;
    }

    /// <summary>[N, T, d] → [N, d]: the step <paramref name="index"/>.</summary>
    public static double[] TakeStep(int batch, int steps, int width, double[] x, int index)
    {
        var y = new double[batch * width];
        for (var n = 0; n < batch; n++)
        {
            Array.Copy(x, (n * steps + index) * width, y, n * width, width);
        }

        return y;
    }

    /// <summary>[N, T, d] → [N, d]: the mean over each sequence's valid steps.</summary>
    public static double[] MeanOverSteps(int batch, int steps, int width, double[] x, int[]? lengths)
    {
        var y = new double[batch * width];
        for (var n = 0; n < batch; n++)
        {
            var valid = lengths?[n] ?? steps;
            for (var t = 0; t < valid; t++)
            {
                for (var e = 0; e < width; e++)
                {
                    y[n * width + e] += x[(n * steps + t) * width + e] / valid;
                }
            }
        }

        return y;
    }

    /// <summary>nn.LayerNorm over each row's <paramref name="size"/> values.</summary>
    public static double[] LayerNorm(int rows, int size, double[] x, double[] weight, double[] bias, double eps = 1e-5) =>
        ReferenceLayers.LayerNorm(rows, size, x, weight, bias, eps);

    /// <summary>ReLU.</summary>
    public static double[] Relu(double[] x) => x.Select(v => Math.Max(v, 0)).ToArray();

    /// <summary>Element by element sum.</summary>
    public static double[] Add(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    /// <summary>
    /// One nn.TransformerEncoderLayer without dropout (ReLU feed-forward of <paramref name="feedForward"/>), reading its
    /// parameters from <paramref name="parameters"/> at <paramref name="next"/> in the block's declaration order.
    /// </summary>
    public static double[] EncoderLayer(
        int batch, int steps, int width, int heads, int feedForward, double[] x, IReadOnlyList<double[]> parameters, ref int next, bool normFirst, int[]? lengths)
    {
        var rows = batch * steps;
        if (!normFirst)
        {
            var attended = SelfAttention(batch, steps, width, heads, x, parameters[next], parameters[next + 1], parameters[next + 2], parameters[next + 3], lengths);
            next += 4;
            var h = LayerNorm(rows, width, Add(x, attended), parameters[next], parameters[next + 1]);
            next += 2;
            var hidden = Relu(Linear(rows, width, feedForward, h, parameters[next], parameters[next + 1]));
            next += 2;
            var ff = Linear(rows, feedForward, width, hidden, parameters[next], parameters[next + 1]);
            next += 2;
            var y = LayerNorm(rows, width, Add(h, ff), parameters[next], parameters[next + 1]);
            next += 2;
            return y;
        }

        var n1 = LayerNorm(rows, width, x, parameters[next], parameters[next + 1]);
        next += 2;
        var a = SelfAttention(batch, steps, width, heads, n1, parameters[next], parameters[next + 1], parameters[next + 2], parameters[next + 3], lengths);
        next += 4;
        var r1 = Add(x, a);
        var n2 = LayerNorm(rows, width, r1, parameters[next], parameters[next + 1]);
        next += 2;
        var inner = Relu(Linear(rows, width, feedForward, n2, parameters[next], parameters[next + 1]));
        next += 2;
        var f = Linear(rows, feedForward, width, inner, parameters[next], parameters[next + 1]);
        next += 2;
        return Add(r1, f);
    }
}
