namespace Strata.Cpu;

/// <summary>
/// The core of multi-head scaled dot-product self-attention on the CPU, between its input and output projections:
/// from the packed projections <c>qkv</c> [N, T, 3d] (per step q, then k, then v, each d = heads · headSize wide, head h
/// at columns h·headSize), the attention weights P = softmax(q·kᵀ / √headSize) [N, heads, T, T] per head and query step,
/// and the context [N, T, d] = P · v with the heads side by side, as PyTorch's <c>nn.MultiheadAttention</c>. Keys past
/// a sequence's length (<c>lengths</c>; null means every sequence is full) get weight 0, as PyTorch's
/// <c>key_padding_mask</c>; query steps past it are computed like the others (they attend to the valid keys), so every
/// row of P sums to 1.
/// </summary>
/// <remarks>
/// Forward runs one query row per work item; backward runs the query rows (dP, dS = P ⊙ (dP − Σ P·dP), and dq) and then
/// the key rows (dk and dv, summed over the queries in order), so no two items write the same value and the sums are
/// deterministic. <see cref="Gpu.AttentionGpu"/> follows the same order.
/// </remarks>
public static class AttentionCpu
{
    /// <summary>Writes <paramref name="weights"/> [N, heads, T, T] and <paramref name="context"/> [N, T, d] (both overwritten).</summary>
    public static void Forward(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context)
    {
        var headSize = Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, steps, width);
        var (q, p, c) = (qkv.Array, weights.Array, context.Array);
        var scale = 1f / MathF.Sqrt(headSize);
        Parallel.For(0, batch * heads * steps, row =>
        {
            var i = row % steps;
            var h = row / steps % heads;
            var n = row / steps / heads;
            var valid = lengths?[n] ?? steps;
            QueryRow(q, p, c, n, h, i, steps, heads, width, headSize, valid, scale);
        });
    }

    /// <summary>
    /// Writes <paramref name="dQkv"/> [N, T, 3d] (overwritten) from the context's gradient, using
    /// <paramref name="dScores"/> [N, heads, T, T] as scratch.
    /// </summary>
    public static void Backward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor dContext, Tensor dScores, Tensor dQkv)
    {
        var headSize = Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(dContext, nameof(dContext), batch, steps, width);
        ArgumentChecks.Length(dScores, nameof(dScores), batch, heads, steps, steps);
        ArgumentChecks.Length(dQkv, nameof(dQkv), batch, steps, 3 * width);
        var (q, p, dc, ds, dq) = (qkv.Array, weights.Array, dContext.Array, dScores.Array, dQkv.Array);
        var scale = 1f / MathF.Sqrt(headSize);
        Parallel.For(0, batch * heads * steps, row =>
        {
            var i = row % steps;
            var h = row / steps % heads;
            var n = row / steps / heads;
            QueryGradient(q, p, dc, ds, dq, n, h, i, steps, heads, width, headSize, scale);
        });
        Parallel.For(0, batch * heads * steps, row =>
        {
            var j = row % steps;
            var h = row / steps % heads;
            var n = row / steps / heads;
            KeyGradient(q, p, dc, ds, dq, n, h, j, steps, heads, width, headSize, scale);
        });
    }

    /// <summary>One query row: scores over the valid keys, their softmax into P (0 for padded keys), and the context.</summary>
    internal static void QueryRow(float[] q, float[] p, float[] c, int n, int h, int i, int steps, int heads, int width, int headSize, int valid, float scale)
    {
        var stride = 3 * width;
        var qAt = (n * steps + i) * stride + h * headSize;
        var pAt = ((n * heads + h) * steps + i) * steps;
        var max = float.NegativeInfinity;
        for (var j = 0; j < valid; j++)
        {
            var kAt = (n * steps + j) * stride + width + h * headSize;
            var dot = 0f;
            for (var e = 0; e < headSize; e++)
            {
                dot += q[qAt + e] * q[kAt + e];
            }

            var s = dot * scale;
            p[pAt + j] = s;
            max = MathF.Max(max, s);
        }

        var sum = 0f;
        for (var j = 0; j < valid; j++)
        {
            var e = MathF.Exp(p[pAt + j] - max);
            p[pAt + j] = e;
            sum += e;
        }

        for (var j = 0; j < steps; j++)
        {
            p[pAt + j] = j < valid ? p[pAt + j] / sum : 0f;
        }

        var cAt = (n * steps + i) * width + h * headSize;
        for (var e = 0; e < headSize; e++)
        {
            var total = 0f;
            for (var j = 0; j < valid; j++)
            {
                total += p[pAt + j] * q[(n * steps + j) * stride + 2 * width + h * headSize + e];
            }

            c[cAt + e] = total;
        }
    }

    /// <summary>One query row's dS = P ⊙ (dP − Σ_j P·dP) with dP = dc · vᵀ, and dq = scale · dS · k.</summary>
    internal static void QueryGradient(float[] q, float[] p, float[] dc, float[] ds, float[] dq, int n, int h, int i, int steps, int heads, int width, int headSize, float scale)
    {
        var stride = 3 * width;
        var pAt = ((n * heads + h) * steps + i) * steps;
        var cAt = (n * steps + i) * width + h * headSize;
        var weighted = 0f;
        for (var j = 0; j < steps; j++)
        {
            var vAt = (n * steps + j) * stride + 2 * width + h * headSize;
            var dot = 0f;
            for (var e = 0; e < headSize; e++)
            {
                dot += dc[cAt + e] * q[vAt + e];
            }

            ds[pAt + j] = dot;
            weighted += p[pAt + j] * dot;
        }

        for (var j = 0; j < steps; j++)
        {
            ds[pAt + j] = p[pAt + j] * (ds[pAt + j] - weighted);
        }

        var qAt = (n * steps + i) * stride + h * headSize;
        for (var e = 0; e < headSize; e++)
        {
            var total = 0f;
            for (var j = 0; j < steps; j++)
            {
                total += ds[pAt + j] * q[(n * steps + j) * stride + width + h * headSize + e];
            }

            dq[qAt + e] = total * scale;
        }
    }

    /// <summary>One key row: dk = scale · Σ_i dS_ij q_i and dv = Σ_i P_ij dc_i.</summary>
    internal static void KeyGradient(float[] q, float[] p, float[] dc, float[] ds, float[] dq, int n, int h, int j, int steps, int heads, int width, int headSize, float scale)
    {
        var stride = 3 * width;
        var kAt = (n * steps + j) * stride + width + h * headSize;
        var vAt = kAt + width;
        for (var e = 0; e < headSize; e++)
        {
            var dk = 0f;
            var dv = 0f;
            for (var i = 0; i < steps; i++)
            {
                var at = ((n * heads + h) * steps + i) * steps + j;
                dk += ds[at] * q[(n * steps + i) * stride + h * headSize + e];
                dv += p[at] * dc[(n * steps + i) * width + h * headSize + e];
            }

            dq[kAt + e] = dk * scale;
            dq[vAt + e] = dv;
        }
    }

    /// <summary>Checks the sizes shared by forward and backward; returns the head size.</summary>
    internal static int Check(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(steps, 1, nameof(steps));
        ArgumentChecks.AtLeast(heads, 1, nameof(heads));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        if (width % heads != 0)
        {
            throw new ArgumentException($"{heads} heads do not divide the width {width}.", nameof(heads));
        }

        if (lengths is not null)
        {
            if (lengths.Length != batch)
            {
                throw new ArgumentException($"{lengths.Length} lengths for a batch of {batch}.", nameof(lengths));
            }

            foreach (var length in lengths)
            {
                if (length < 1 || length > steps)
                {
                    throw new ArgumentException($"A length of {length} is outside 1..{steps}.", nameof(lengths));
                }
            }
        }

        ArgumentChecks.Length(qkv, nameof(qkv), batch, steps, 3 * width);
        ArgumentChecks.Length(weights, nameof(weights), batch, heads, steps, steps);
        return width / heads;
    }
}
