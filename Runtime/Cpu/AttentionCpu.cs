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
/// tensor keeps P itself, which the backward pass needs. Cross-attention (<c>CrossForward</c>) reads the queries
/// from one packed projection [N, Tq, 3d] (its q columns) and the keys and values from another [N, Tk, 3d] (its k and v
/// columns), with the keys' lengths; the weights are then [N, heads, Tq, Tk].
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
    public static void Forward(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context) =>
        CrossForward(batch, steps, steps, heads, width, lengths, qkv, qkv, weights, context);

    /// <summary>
    /// The forward pass with dropout <paramref name="dropout"/> on the attention weights: draws <paramref name="mask"/>
    /// [N, heads, T, T] from <paramref name="random"/> in training (every element 1 in evaluation), then writes
    /// <paramref name="weights"/> (P, before dropout) and <paramref name="context"/> = (P ⊙ mask) · v.
    /// </summary>
    public static void Forward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor context, Tensor mask, float dropout, Philox random, bool training) =>
        CrossForward(batch, steps, steps, heads, width, lengths, qkv, qkv, weights, context, mask, dropout, random, training);

    /// <summary>
    /// Writes <paramref name="dQkv"/> [N, T, 3d] (overwritten) from the context's gradient, using
    /// <paramref name="dScores"/> [N, heads, T, T] as scratch; <paramref name="mask"/> is the dropout mask of the forward
    /// pass, or null without attention dropout.
    /// </summary>
    public static void Backward(
        int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights, Tensor dContext, Tensor dScores, Tensor dQkv, Tensor? mask = null) =>
        CrossBackward(batch, steps, steps, heads, width, lengths, qkv, qkv, weights, dContext, dScores, dQkv, dQkv, mask);

    /// <summary>
    /// Cross-attention: the queries of <paramref name="queryQkv"/> [N, Tq, 3d] (columns 0..d) attend to the keys and
    /// values of <paramref name="keyQkv"/> [N, Tk, 3d] (columns d..3d), keys past <paramref name="keyLengths"/> masked;
    /// writes <paramref name="weights"/> [N, heads, Tq, Tk] and <paramref name="context"/> [N, Tq, d]. The two may be one
    /// tensor (self-attention).
    /// </summary>
    public static void CrossForward(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor context)
    {
        var sizes = Check(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, queries, width);
        var body = new ForwardRows(queryQkv.Array, keyQkv.Array, weights.Array, null, context.Array, keyLengths, sizes);
        CpuParallel.For(batch * heads * queries, ref body);
    }

    /// <summary>Cross-attention with dropout on its weights; see <see cref="CrossForward(int, int, int, int, int, int[], Tensor, Tensor, Tensor, Tensor)"/> and the self-attention overload.</summary>
    public static void CrossForward(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor context,
        Tensor mask, float dropout, Philox random, bool training)
    {
        var sizes = Check(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights);
        ArgumentChecks.Length(context, nameof(context), batch, queries, width);
        ArgumentChecks.Length(mask, nameof(mask), batch, heads, queries, keys);
        DropoutCpu.FillMask(mask.Span, dropout, random, training);
        var body = new ForwardRows(queryQkv.Array, keyQkv.Array, weights.Array, mask.Array, context.Array, keyLengths, sizes);
        CpuParallel.For(batch * heads * queries, ref body);
    }

    /// <summary>
    /// Cross-attention's backward pass: writes the queries' gradient into columns 0..d of <paramref name="dQueryQkv"/> and
    /// the keys' and values' into columns d..3d of <paramref name="dKeyQkv"/>, leaving the other columns as they are (the
    /// caller zeroes them when the tensors differ; for self-attention they are one tensor and every column is written).
    /// </summary>
    public static void CrossBackward(
        int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor dContext,
        Tensor dScores, Tensor dQueryQkv, Tensor dKeyQkv, Tensor? mask = null)
    {
        var sizes = Check(batch, queries, keys, heads, width, keyLengths, queryQkv, keyQkv, weights);
        ArgumentChecks.Length(dContext, nameof(dContext), batch, queries, width);
        ArgumentChecks.Length(dScores, nameof(dScores), batch, heads, queries, keys);
        ArgumentChecks.Length(dQueryQkv, nameof(dQueryQkv), batch, queries, 3 * width);
        ArgumentChecks.Length(dKeyQkv, nameof(dKeyQkv), batch, keys, 3 * width);
        if (mask is not null)
        {
            ArgumentChecks.Length(mask, nameof(mask), batch, heads, queries, keys);
        }

        var m = mask?.Array;
        var queryRows = new BackwardRows(queryQkv.Array, keyQkv.Array, weights.Array, m, dContext.Array, dScores.Array, dQueryQkv.Array, sizes, keys: false);
        CpuParallel.For(batch * heads * queries, ref queryRows);
        var keyRows = new BackwardRows(queryQkv.Array, keyQkv.Array, weights.Array, m, dContext.Array, dScores.Array, dKeyQkv.Array, sizes, keys: true);
        CpuParallel.For(batch * heads * keys, ref keyRows);
    }

    /// <summary>One query row: scores over the valid keys, their softmax into P (0 for padded keys), and the context (from P ⊙ m with a dropout mask).</summary>
    internal static void QueryRow(float[] q, float[] kv, float[] p, float[]? m, float[] c, int n, int h, int i, int valid, in AttentionSizes s)
    {
        var headSize = s.HeadSize;
        var query = q.AsSpan(s.Query(n, h, i), headSize);
        var pAt = s.Weights(n, h, i);
        var weights = p.AsSpan(pAt, s.Keys);
        var max = float.NegativeInfinity;
        for (var j = 0; j < valid; j++)
        {
            var score = Dot(query, kv.AsSpan(s.Key(n, h, j), headSize)) * s.Scale;
            weights[j] = score;
            max = MathF.Max(max, score);
        }

        var sum = 0f;
        for (var j = 0; j < valid; j++)
        {
            var e = MathF.Exp(weights[j] - max);
            weights[j] = e;
            sum += e;
        }

        for (var j = 0; j < s.Keys; j++)
        {
            weights[j] = j < valid ? weights[j] / sum : 0f;
        }

        // The context as a weighted sum of the value rows, one contiguous row at a time.
        var context = c.AsSpan(s.Context(n, h, i), headSize);
        context.Clear();
        for (var j = 0; j < valid; j++)
        {
            Axpy(m is null ? weights[j] : weights[j] * m[pAt + j], kv.AsSpan(s.Key(n, h, j) + s.Width, headSize), context);
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
    internal static void QueryGradient(float[] q, float[] kv, float[] p, float[]? m, float[] dc, float[] ds, float[] dq, int n, int h, int i, in AttentionSizes s)
    {
        var headSize = s.HeadSize;
        var pAt = s.Weights(n, h, i);
        var contextGradient = dc.AsSpan(s.Context(n, h, i), headSize);
        var weighted = 0f;
        for (var j = 0; j < s.Keys; j++)
        {
            var dot = p[pAt + j] == 0f || (m is not null && m[pAt + j] == 0f)
                ? 0f
                : Dot(contextGradient, kv.AsSpan(s.Key(n, h, j) + s.Width, headSize)) * (m is null ? 1f : m[pAt + j]);
            ds[pAt + j] = dot;
            weighted += p[pAt + j] * dot;
        }

        var queryGradient = dq.AsSpan(s.Query(n, h, i), headSize);
        queryGradient.Clear();
        for (var j = 0; j < s.Keys; j++)
        {
            ds[pAt + j] = p[pAt + j] * (ds[pAt + j] - weighted);
            if (ds[pAt + j] != 0f)
            {
                Axpy(ds[pAt + j] * s.Scale, kv.AsSpan(s.Key(n, h, j), headSize), queryGradient);
            }
        }
    }

    /// <summary>One key row: dk = scale · Σ_i dS_ij q_i and dv = Σ_i P_ij m_ij dc_i (m = 1 without dropout).</summary>
    internal static void KeyGradient(float[] q, float[] p, float[]? m, float[] dc, float[] ds, float[] dkv, int n, int h, int j, in AttentionSizes s)
    {
        var kAt = s.Key(n, h, j);
        var vAt = kAt + s.Width;
        for (var e = 0; e < s.HeadSize; e++)
        {
            var dk = 0f;
            var dv = 0f;
            for (var i = 0; i < s.Queries; i++)
            {
                var at = s.Weights(n, h, i) + j;
                dk += ds[at] * q[s.Query(n, h, i) + e];
                dv += (m is null ? p[at] : p[at] * m[at]) * dc[s.Context(n, h, i) + e];
            }

            dkv[kAt + e] = dk * s.Scale;
            dkv[vAt + e] = dv;
        }
    }

    /// <summary>Checks the sizes shared by forward and backward of self-attention; returns the head size.</summary>
    internal static int Check(int batch, int steps, int heads, int width, int[]? lengths, Tensor qkv, Tensor weights) =>
        Check(batch, steps, steps, heads, width, lengths, qkv, qkv, weights).HeadSize;

    /// <summary>Checks the sizes shared by forward and backward; returns them.</summary>
    internal static AttentionSizes Check(int batch, int queries, int keys, int heads, int width, int[]? keyLengths, Tensor queryQkv, Tensor keyQkv, Tensor weights)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(queries, 1, nameof(queries));
        ArgumentChecks.AtLeast(keys, 1, nameof(keys));
        ArgumentChecks.AtLeast(heads, 1, nameof(heads));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        if (width % heads != 0)
        {
            throw new ArgumentException($"{heads} heads do not divide the width {width}.", nameof(heads));
        }

        if (keyLengths is not null)
        {
            if (keyLengths.Length != batch)
            {
                throw new ArgumentException($"{keyLengths.Length} lengths for a batch of {batch}.", nameof(keyLengths));
            }

            foreach (var length in keyLengths)
            {
                if (length < 1 || length > keys)
                {
                    throw new ArgumentException($"A length of {length} is outside 1..{keys}.", nameof(keyLengths));
                }
            }
        }

        ArgumentChecks.Length(queryQkv, nameof(queryQkv), batch, queries, 3 * width);
        ArgumentChecks.Length(keyQkv, nameof(keyQkv), batch, keys, 3 * width);
        ArgumentChecks.Length(weights, nameof(weights), batch, heads, queries, keys);
        return new AttentionSizes(queries, keys, heads, width);
    }

    /// <summary>One query row [n, h, i] of the forward pass.</summary>
    private readonly struct ForwardRows(float[] q, float[] kv, float[] p, float[]? m, float[] c, int[]? keyLengths, AttentionSizes sizes)
        : IParallelBody
    {
        public void Run(int row)
        {
            var n = row / sizes.Queries / sizes.Heads;
            QueryRow(q, kv, p, m, c, n, row / sizes.Queries % sizes.Heads, row % sizes.Queries, keyLengths?[n] ?? sizes.Keys, sizes);
        }
    }

    /// <summary>One query row's gradients (dP, dS and dq), or, with <c>keys</c>, one key row's (dk and dv).</summary>
    private readonly struct BackwardRows(
        float[] q, float[] kv, float[] p, float[]? m, float[] dc, float[] ds, float[] gradient, AttentionSizes sizes, bool keys) : IParallelBody
    {
        public void Run(int row)
        {
            var steps = keys ? sizes.Keys : sizes.Queries;
            var (step, h, n) = (row % steps, row / steps % sizes.Heads, row / steps / sizes.Heads);
            if (keys)
            {
                KeyGradient(q, p, m, dc, ds, gradient, n, h, step, sizes);
            }
            else
            {
                QueryGradient(q, kv, p, m, dc, ds, gradient, n, h, step, sizes);
            }
        }
    }
}
