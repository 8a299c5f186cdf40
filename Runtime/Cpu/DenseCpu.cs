namespace Strata.Cpu;

/// <summary>Fully connected layers on the CPU, through the packed GEMM with a fused epilogue.</summary>
public static class DenseCpu
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
        if (b is null)
        {
            Gemm.MultiplyPackedB(batch, outFeatures, inFeatures, x.Span, inFeatures, false, packed,
                y.Span, outFeatures, false, default(ActivationEpilogue<TActivation>), workspace);
            return;
        }

        ArgumentChecks.Length(b, nameof(b), outFeatures);
        Gemm.MultiplyPackedB(batch, outFeatures, inFeatures, x.Span, inFeatures, false, packed,
            y.Span, outFeatures, false, new ColumnBiasEpilogue<TActivation>(b.Array), workspace);
    }

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
            var values = matrix.Slice(row * columns, columns);
            for (var j = 0; j < columns; j++)
            {
                sums[j] += values[j];
            }
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
