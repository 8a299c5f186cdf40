namespace Strata.Cpu;

/// <summary>Fully connected layers on the CPU, through the packed GEMM with a fused epilogue.</summary>
public static unsafe class DenseCpu
{
    /// <summary>
    /// y = act(x wᵀ + b). x is [N, in], w is [out, in], b is [out] or null, y is [N, out]. wᵀ is packed into
    /// <paramref name="workspace"/>'s cache and reused while <see cref="Tensor.Version"/> of w stays the same: write w
    /// through its own methods, an optimiser or a load, or call <see cref="Tensor.MarkChanged"/> after writing its span.
    /// </summary>
    public static void Forward<TActivation>(int batch, int inFeatures, int outFeatures, Tensor x, Tensor w, Tensor? b, Tensor y, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(batch, inFeatures, outFeatures, x, w, y, workspace);

        // wᵀ packed once and again only when w changes (its Version), rather than on every call.
        var packed = workspace.PackedWeights.TransposedB(w, outFeatures, inFeatures);
        if (b is not null)
        {
            ArgumentChecks.Length(b, nameof(b), outFeatures);
        }

        // Wide inputs in chunks of rows whose packed A stays in L2 while every panel of wᵀ passes over it: one product
        // over all rows reads A back from memory once per panel (the encoder's 4096 × 1024 → 256 feed-forward: 21 →
        // 14.5–16 ms of CPU). At 256 inputs chunking measured no better.
        var chunkRows = inFeatures >= ChunkedInFeatures ? RowChunk(inFeatures) : Math.Max(batch, 1);
        for (var first = 0; first < batch; first += chunkRows)
        {
            var rows = Math.Min(chunkRows, batch - first);
            var input = x.Span.Slice(first * inFeatures, rows * inFeatures);
            var output = y.Span.Slice(first * outFeatures, rows * outFeatures);
            if (b is null)
            {
                Gemm.MultiplyPackedB(rows, outFeatures, inFeatures, input, inFeatures, false, packed,
                    output, outFeatures, false, default(ActivationEpilogue<TActivation>), workspace);
            }
            else
            {
                Gemm.MultiplyPackedB(rows, outFeatures, inFeatures, input, inFeatures, false, packed,
                    output, outFeatures, false, new ColumnBiasEpilogue<TActivation>(b.Pointer), workspace);
            }
        }
    }

    private const int ChunkedInFeatures = 512;

    /// <summary>The rows of one forward product: about 1 MB of A (L2 on the machines measured), at least 64 rows.</summary>
    private static int RowChunk(int inFeatures) => Math.Max(64, (1 << 18) / inFeatures / 8 * 8);

    /// <summary>
    /// Backward of <see cref="Forward{TActivation}"/>. <paramref name="dy"/> is overwritten with the gradient before
    /// the activation; dw and db are overwritten; each of dx, dw and db is skipped when null (dw and db of a frozen
    /// layer).
    /// </summary>
    public static void Backward<TActivation>(
        int batch, int inFeatures, int outFeatures, Tensor x, Tensor w, Tensor y, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db, CpuWorkspace workspace)
        where TActivation : struct, IActivation
    {
        Check(batch, inFeatures, outFeatures, x, w, y, workspace);
        ArgumentChecks.Length(dy, nameof(dy), batch, outFeatures);
        if (dw is not null)
        {
            ArgumentChecks.Length(dw, nameof(dw), outFeatures, inFeatures);
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), batch, inFeatures);
        }

        if (db is not null)
        {
            ArgumentChecks.Length(db, nameof(db), outFeatures);
        }

        ActivationCpu.BackwardInPlace<TActivation>(y.Span, dy.Span);
        var identity = default(ActivationEpilogue<IdentityActivation>);

        // dW = dZᵀ · x: [out × N] · [N × in].
        if (dw is not null)
        {
            Gemm.Multiply(outFeatures, inFeatures, batch, dy.Span, outFeatures, true, x.Span, inFeatures, false,
                dw.Span, inFeatures, false, identity, workspace);
        }

        if (db is not null)
        {
            SumColumns(batch, outFeatures, dy.Span, db.Span);
        }

        // dX = dZ · W: [N × out] · [out × in].
        if (dx is not null)
        {
            Gemm.Multiply(batch, inFeatures, outFeatures, dy.Span, outFeatures, false, w.Span, inFeatures, false,
                dx.Span, inFeatures, false, identity, workspace);
        }
    }

    private static void SumColumns(int rows, int columns, ReadOnlySpan<float> matrix, Span<float> sums)
    {
        sums.Clear();
        for (var row = 0; row < rows; row++)
        {
            SpanVectors.AddTo(matrix.Slice(row * columns, columns), sums);
        }
    }

    private static void Check(int batch, int inFeatures, int outFeatures, Tensor x, Tensor w, Tensor y, CpuWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(inFeatures, 1, nameof(inFeatures));
        ArgumentChecks.AtLeast(outFeatures, 1, nameof(outFeatures));
        ArgumentChecks.Length(x, nameof(x), batch, inFeatures);
        ArgumentChecks.Length(w, nameof(w), outFeatures, inFeatures);
        ArgumentChecks.Length(y, nameof(y), batch, outFeatures);
    }
}
