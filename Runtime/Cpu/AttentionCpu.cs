namespace Strata.Cpu;

/// <summary>
/// The core of multi-head scaled dot-product self-attention on the CPU, between its input and output projections:
/// from the packed projections <c>qkv</c> [N, T, 3d] (per step q, then k, then v, each d = heads · headSize wide, head h
/// at columns h·headSize), the attention weights P = softmax(q·kᵀ / √headSize) [N, heads, T, T] per head and query step,
/// and the context [N, T, d] = P · v with the heads side by side, as PyTorch's <c>nn.MultiheadAttention</c>. Keys past
/// a sequence's length (<c>lengths</c>; null means every sequence is full) get weight 0, as PyTorch's
/// <c>key_padding_mask</c>; query steps past it are computed like the others (they attend to the valid keys), so every
/// row of P sums to 1. With attention dropout (PyTorch's <c>dropout=p</c>), the context is (P ⊙ M) · v for a mask M
/// [N, heads, T, T] of 0 and 1/(1 − p) drawn like <see cref="DropoutCpu.FillMask"/> (all 1 in evaluation); the weights
/// tensor keeps P itself, which the backward pass needs.
/// </summary>
/// <remarks>
/// Forward runs one query row per work item; backward runs the query rows (dP, dS = P ⊙ (dP − Σ P·dP), and dq) and then
/// the key rows (dk and dv, summed over the queries in order), so no two items write the same value and the sums are
/// deterministic. Dot products and row updates run in <see cref="System.Numerics.Vector{T}"/> lanes over each head's
/// contiguous features; <see cref="Gpu.AttentionGpu"/> computes the same with one thread per row and plain loops.
/// </remarks>
public static class AttentionCpu
{
    /// <summary>Writes <paramref name="weights"/> [N, heads, T, T] and <paramref name="context"/> [N, T, d] (both overwritten).</summary>
    public static void Forward(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context)
    {
        var headSize = Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, steps, width);
        var body = new ForwardRows(qkv.Array, weights.Array, context.Array, null, lengths, steps, heads, width, headSize);
        CpuParallel.For(batch * heads * steps, ref body);
    }

    /// <summary>
    /// The forward pass with dropout <paramref name="dropout"/> on the attention weights: draws <paramref name="mask"/>
    /// [N, heads, T, T] from <paramref name="random"/> in training (every element 1 in evaluation), then writes
    /// <paramref name="weights"/> (P, before dropout) and <paramref name="context"/> = (P ⊙ mask) · v.
    /// </summary>
    public static void Forward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context, Tensor mask, float dropout, Philox random, bool training)
    {
        var headSize = Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, steps, width);
        ArgumentChecks.Length(mask, nameof(mask), batch, heads, steps, steps);
        DropoutCpu.FillMask(mask.Span, dropout, random, training);
        var body = new ForwardRows(qkv.Array, weights.Array, context.Array, mask.Array, lengths, steps, heads, width, headSize);
        CpuParallel.For(batch * heads * steps, ref body);
    }

    /// <summary>
    /// Writes <paramref name="dQkv"/> [N, T, 3d] (overwritten) from the context's gradient, using
    /// <paramref name="dScores"/> [N, heads, T, T] as scratch; <paramref name="mask"/> is the dropout mask of the forward
    /// pass, or null without attention dropout.
    /// </summary>
    public static void Backward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor dContext, Tensor dScores, Tensor dQkv, Tensor? mask = null)
    {
        var headSize = Check(batch, steps, heads, width, lengths, qkv, weights);
        ArgumentChecks.Length(dContext, nameof(dContext), batch, steps, width);
        ArgumentChecks.Length(dScores, nameof(dScores), batch, heads, steps, steps);
        ArgumentChecks.Length(dQkv, nameof(dQkv), batch, steps, 3 * width);
        if (mask is not null)
        {
            ArgumentChecks.Length(mask, nameof(mask), batch, heads, steps, steps);
        }

        var m = mask?.Array;
        var queries = new BackwardRows(qkv.Array, weights.Array, m, dContext.Array, dScores.Array, dQkv.Array, steps, heads, width, headSize, keys: false);
        CpuParallel.For(batch * heads * steps, ref queries);
        var keys = new BackwardRows(qkv.Array, weights.Array, m, dContext.Array, dScores.Array, dQkv.Array, steps, heads, width, headSize, keys: true);
        CpuParallel.For(batch * heads * steps, ref keys);
    }

    /// <summary>One query row: scores over the valid keys, their softmax into P (0 for padded keys), and the context (from P ⊙ m with a dropout mask).</summary>
    internal static void QueryRow(float[] q, float[] p, float[]? m, float[] c, int n, int h, int i, int steps, int heads, int width, int headSize, int valid, float scale)
    {
        var stride = 3 * width;
        var query = q.AsSpan((n * steps + i) * stride + h * headSize, headSize);
        var weights = p.AsSpan(((n * heads + h) * steps + i) * steps, steps);
        var max = float.NegativeInfinity;
        for (var j = 0; j < valid; j++)
        {
            var s = Dot(query, q.AsSpan((n * steps + j) * stride + width + h * headSize, headSize)) * scale;
            weights[j] = s;
            max = MathF.Max(max, s);
        }

        var sum = 0f;
        for (var j = 0; j < valid; j++)
        {
            var e = MathF.Exp(weights[j] - max);
            weights[j] = e;
            sum += e;
        }

        for (var j = 0; j < steps; j++)
        {
            weights[j] = j < valid ? weights[j] / sum : 0f;
        }

        // The context as a weighted sum of the value rows, one contiguous row at a time.
        var context = c.AsSpan((n * steps + i) * width + h * headSize, headSize);
        context.Clear();
        var pAt = ((n * heads + h) * steps + i) * steps;
        for (var j = 0; j < valid; j++)
        {
            Axpy(m is null ? weights[j] : weights[j] * m[pAt + j], q.AsSpan((n * steps + j) * stride + 2 * width + h * headSize, headSize), context);
        }
    }

    /// <summary>Σ a·b, in Vector&lt;float&gt; lanes then the tail.</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var lanes = System.Numerics.Vector<float>.Count;
        var sums = System.Numerics.Vector<float>.Zero;
        var k = 0;
        for (; k + lanes <= a.Length; k += lanes)
        {
            sums += new System.Numerics.Vector<float>(a.Slice(k, lanes)) * new System.Numerics.Vector<float>(b.Slice(k, lanes));
        }

        var total = System.Numerics.Vector.Sum(sums);
        for (; k < a.Length; k++)
        {
            total += a[k] * b[k];
        }

        return total;
    }

    /// <summary>y += alpha·x, in Vector&lt;float&gt; lanes then the tail.</summary>
    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        var lanes = System.Numerics.Vector<float>.Count;
        var scale = new System.Numerics.Vector<float>(alpha);
        var k = 0;
        for (; k + lanes <= x.Length; k += lanes)
        {
            (new System.Numerics.Vector<float>(y.Slice(k, lanes)) + scale * new System.Numerics.Vector<float>(x.Slice(k, lanes))).CopyTo(y.Slice(k, lanes));
        }

        for (; k < x.Length; k++)
        {
            y[k] += alpha * x[k];
        }
    }

    /// <summary>One query row's dS = P ⊙ (dP − Σ_j P·dP) with dP = (dc · vᵀ) ⊙ m (m = 1 without dropout), and dq = scale · dS · k.</summary>
    internal static void QueryGradient(float[] q, float[] p, float[]? m, float[] dc, float[] ds, float[] dq, int n, int h, int i, int steps, int heads, int width, int headSize, float scale)
    {
        var stride = 3 * width;
        var pAt = ((n * heads + h) * steps + i) * steps;
        var contextGradient = dc.AsSpan((n * steps + i) * width + h * headSize, headSize);
        var weighted = 0f;
        for (var j = 0; j < steps; j++)
        {
            var dot = p[pAt + j] == 0f || (m is not null && m[pAt + j] == 0f)
                ? 0f
                : Dot(contextGradient, q.AsSpan((n * steps + j) * stride + 2 * width + h * headSize, headSize)) * (m is null ? 1f : m[pAt + j]);
            ds[pAt + j] = dot;
            weighted += p[pAt + j] * dot;
        }

        var queryGradient = dq.AsSpan((n * steps + i) * stride + h * headSize, headSize);
        queryGradient.Clear();
        for (var j = 0; j < steps; j++)
        {
            ds[pAt + j] = p[pAt + j] * (ds[pAt + j] - weighted);
            if (ds[pAt + j] != 0f)
            {
                Axpy(ds[pAt + j] * scale, q.AsSpan((n * steps + j) * stride + width + h * headSize, headSize), queryGradient);
            }
        }
    }

    /// <summary>One key row: dk = scale · Σ_i dS_ij q_i and dv = Σ_i P_ij m_ij dc_i (m = 1 without dropout).</summary>
    internal static void KeyGradient(float[] q, float[] p, float[]? m, float[] dc, float[] ds, float[] dq, int n, int h, int j, int steps, int heads, int width, int headSize, float scale)
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
                dv += (m is null ? p[at] : p[at] * m[at]) * dc[(n * steps + i) * width + h * headSize + e];
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

    /// <summary>One query row [n, h, i] of the forward pass.</summary>
    private readonly struct ForwardRows(float[] q, float[] p, float[] c, float[]? m, int[]? lengths, int steps, int heads, int width, int headSize)
        : IParallelBody
    {
        public void Run(int row)
        {
            var n = row / steps / heads;
            QueryRow(q, p, m, c, n, row / steps % heads, row % steps, steps, heads, width, headSize, lengths?[n] ?? steps, 1f / MathF.Sqrt(headSize));
        }
    }

    /// <summary>One query row's gradients (dP, dS and dq), or, with <c>keys</c>, one key row's (dk and dv).</summary>
    private readonly struct BackwardRows(
        float[] q, float[] p, float[]? m, float[] dc, float[] ds, float[] dq, int steps, int heads, int width, int headSize, bool keys) : IParallelBody
    {
        public void Run(int row)
        {
            var (step, h, n) = (row % steps, row / steps % heads, row / steps / heads);
            var scale = 1f / MathF.Sqrt(headSize);
            if (keys)
            {
                KeyGradient(q, p, m, dc, ds, dq, n, h, step, steps, heads, width, headSize, scale);
            }
            else
            {
                QueryGradient(q, p, m, dc, ds, dq, n, h, step, steps, heads, width, headSize, scale);
            }
        }
    }
}
