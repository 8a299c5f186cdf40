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
/// Both passes run one work item per (sample, head), on the persistent workers, and each item is a few small GEMMs on
/// its own thread (<see cref="SerialGemm"/>, the micro-kernels of <see cref="Gemm"/>) with vectorised row steps between
/// them (<see cref="AttentionSoftmax"/>): forward S = scale · q·kᵀ over the valid keys straight into the weights
/// tensor, the masked softmax in place, then context = (P ⊙ m)·v; backward dP = dc·vᵀ (⊙ m), dS = P ⊙ (dP − Σ P·dP),
/// dq = scale · dS·k, dk = scale · dSᵀ·q and dv = (P ⊙ m)ᵀ·dc. No two items write the same value and each sum runs in
/// a fixed order, so results are deterministic. q, k, v, dc and the outputs are read and written in place through
/// their row strides; each thread keeps its packing scratch (<see cref="AttentionScratch"/>), so a call allocates
/// nothing after the first. <see cref="Gpu.AttentionGpu"/> computes the same with one thread per row and plain loops.
/// </remarks>
public static unsafe class AttentionCpu
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
        RunForward(batch, queryQkv, keyQkv, weights, null, context, keyLengths, sizes);
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
        RunForward(batch, queryQkv, keyQkv, weights, training ? mask : null, context, keyLengths, sizes);
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

        fixed (float* q = queryQkv.Span, kv = keyQkv.Span, p = weights.Span, m = mask is null ? default : mask.Span, dc = dContext.Span, ds = dScores.Span,
            dq = dQueryQkv.Span, dkv = dKeyQkv.Span)
        {
            var body = new BackwardItems(q, kv, p, m, dc, ds, dq, dkv, keyLengths, sizes, Gemm.BestKernel);
            CpuParallel.For(batch * heads, ref body);
        }
    }

    private static void RunForward(int batch, Tensor queryQkv, Tensor keyQkv, Tensor weights, Tensor? mask, Tensor context, int[]? keyLengths, in AttentionSizes sizes)
    {
        fixed (float* q = queryQkv.Span, kv = keyQkv.Span, p = weights.Span, m = mask is null ? default : mask.Span, c = context.Span)
        {
            var body = new ForwardItems(q, kv, p, m, c, keyLengths, sizes, Gemm.BestKernel);
            CpuParallel.For(batch * sizes.Heads, ref body);
        }
    }

    /// <summary>
    /// The forward pass of sample n, head h: S = scale · q·kᵀ over the valid keys into P's rows, the masked softmax in
    /// place, and context = (P ⊙ m)·v (P itself without a dropout mask).
    /// </summary>
    internal static void ForwardItem(float* q, float* kv, float* p, float* m, float* c, int n, int h, int valid, in AttentionSizes s, GemmKernel kernel)
    {
        var (tq, tk, hs, stride) = (s.Queries, s.Keys, s.HeadSize, (nint)s.Stride);
        var gemm = Math.Max(SerialGemm.ScratchLength(kernel, tq, tk, hs), SerialGemm.ScratchLength(kernel, tq, hs, tk));
        var scratch = AttentionScratch.Get(gemm + (m is null ? 0 : tq * tk));
        fixed (float* work = scratch)
        {
            var queries = q + s.Query(n, h, 0);
            var keys = kv + s.Key(n, h, 0);
            var values = keys + s.Width;
            var weights = p + s.Weights(n, h, 0);
            SerialGemm.Multiply(kernel, tq, valid, hs, queries, stride, false, keys, stride, true, weights, tk, false, new ScaleEpilogue(s.Scale), work);
            for (var i = 0; i < tq; i++)
            {
                AttentionSoftmax.Forward(weights + (nint)i * tk, valid, tk);
            }

            var a = weights;
            if (m is not null)
            {
                a = work + gemm;
                var dropMask = m + s.Weights(n, h, 0);
                for (var i = 0; i < tq; i++)
                {
                    AttentionSoftmax.Multiply(weights + (nint)i * tk, dropMask + (nint)i * tk, a + (nint)i * tk, valid);
                }
            }

            SerialGemm.Multiply(kernel, tq, hs, valid, a, tk, false, values, stride, false, c + s.Context(n, h, 0), s.Width, false,
                default(ActivationEpilogue<IdentityActivation>), work);
        }
    }

    /// <summary>
    /// The backward pass of sample n, head h: dP = dc·vᵀ over the valid keys (⊙ m) and dS in <paramref name="ds"/>'s rows
    /// (0 at padded keys), dq = scale · dS·k, dk = scale · dSᵀ·q and dv = (P ⊙ m)ᵀ·dc (0 at padded keys).
    /// </summary>
    internal static void BackwardItem(
        float* q, float* kv, float* p, float* m, float* dc, float* ds, float* dq, float* dkv, int n, int h, int valid, in AttentionSizes s, GemmKernel kernel)
    {
        var (tq, tk, hs, stride, width) = (s.Queries, s.Keys, s.HeadSize, (nint)s.Stride, (nint)s.Width);
        var gemm = Math.Max(
            Math.Max(SerialGemm.ScratchLength(kernel, tq, tk, hs), SerialGemm.ScratchLength(kernel, tq, hs, tk)),
            SerialGemm.ScratchLength(kernel, tk, hs, tq));
        var scratch = AttentionScratch.Get(gemm + (m is null ? 0 : tq * tk));
        fixed (float* work = scratch)
        {
            var queries = q + s.Query(n, h, 0);
            var keys = kv + s.Key(n, h, 0);
            var values = keys + width;
            var weights = p + s.Weights(n, h, 0);
            var scores = ds + s.Weights(n, h, 0);
            var contextGradient = dc + s.Context(n, h, 0);
            var identity = default(ActivationEpilogue<IdentityActivation>);

            // dP = dc·vᵀ, then dS row by row.
            SerialGemm.Multiply(kernel, tq, valid, hs, contextGradient, width, false, values, stride, true, scores, tk, false, identity, work);
            var dropMask = m is null ? null : m + s.Weights(n, h, 0);
            for (var i = 0; i < tq; i++)
            {
                var row = scores + (nint)i * tk;
                if (dropMask is not null)
                {
                    AttentionSoftmax.Multiply(row, dropMask + (nint)i * tk, row, valid);
                }

                AttentionSoftmax.Backward(weights + (nint)i * tk, row, valid);
                new Span<float>(row + valid, tk - valid).Clear();
            }

            // dq = scale · dS·k; dk = scale · dSᵀ·q.
            var queryGradient = dq + s.Query(n, h, 0);
            var keyGradient = dkv + s.Key(n, h, 0);
            SerialGemm.Multiply(kernel, tq, hs, valid, scores, tk, false, keys, stride, false, queryGradient, stride, false, new ScaleEpilogue(s.Scale), work);
            SerialGemm.Multiply(kernel, valid, hs, tq, scores, tk, true, queries, stride, false, keyGradient, stride, false, new ScaleEpilogue(s.Scale), work);

            // dv = (P ⊙ m)ᵀ·dc.
            var a = weights;
            if (dropMask is not null)
            {
                a = work + gemm;
                for (var i = 0; i < tq; i++)
                {
                    AttentionSoftmax.Multiply(weights + (nint)i * tk, dropMask + (nint)i * tk, a + (nint)i * tk, valid);
                }
            }

            SerialGemm.Multiply(kernel, valid, hs, tq, a, tk, true, contextGradient, width, false, keyGradient + width, stride, false, identity, work);
            for (var j = valid; j < tk; j++)
            {
                new Span<float>(keyGradient + j * stride, hs).Clear();
                new Span<float>(keyGradient + width + j * stride, hs).Clear();
            }
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

    /// <summary>One (sample, head) item of the forward pass.</summary>
    private readonly struct ForwardItems(float* q, float* kv, float* p, float* m, float* c, int[]? keyLengths, AttentionSizes sizes, GemmKernel kernel)
        : IParallelBody
    {
        public void Run(int item)
        {
            var (n, h) = Math.DivRem(item, sizes.Heads);
            ForwardItem(q, kv, p, m, c, n, h, keyLengths?[n] ?? sizes.Keys, sizes, kernel);
        }
    }

    /// <summary>One (sample, head) item of the backward pass.</summary>
    private readonly struct BackwardItems(
        float* q, float* kv, float* p, float* m, float* dc, float* ds, float* dq, float* dkv, int[]? keyLengths, AttentionSizes sizes, GemmKernel kernel)
        : IParallelBody
    {
        public void Run(int item)
        {
            var (n, h) = Math.DivRem(item, sizes.Heads);
            BackwardItem(q, kv, p, m, dc, ds, dq, dkv, n, h, keyLengths?[n] ?? sizes.Keys, sizes, kernel);
        }
    }
}
