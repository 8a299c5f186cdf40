namespace Strata.Cpu;

/// <summary>Embedding lookup on the CPU (PyTorch nn.Embedding): y[r] = w[ids[r]] for every row r of N·T ids.</summary>
public static class EmbeddingCpu
{
    /// <summary>ids [rows] (floats holding integers, checked), w [vocab, dim] → y [rows, dim].</summary>
    public static void Forward(int rows, int vocab, int dim, Tensor ids, Tensor w, Tensor y)
    {
        ArgumentChecks.Length(ids, nameof(ids), rows);
        ArgumentChecks.Length(w, nameof(w), vocab, dim);
        ArgumentChecks.Length(y, nameof(y), rows, dim);
        TokenIds.Check(ids.Span, vocab, nameof(ids));
        var idSpan = ids.Span;
        var table = w.Span;
        var output = y.Span;
        for (var r = 0; r < rows; r++)
        {
            table.Slice((int)idSpan[r] * dim, dim).CopyTo(output.Slice(r * dim, dim));
        }
    }

    /// <summary>dw = Σ over rows with id i of dy[row], for each i; dw is overwritten.</summary>
    public static void Backward(int rows, int vocab, int dim, Tensor ids, Tensor dy, Tensor dw)
    {
        ArgumentChecks.Length(ids, nameof(ids), rows);
        ArgumentChecks.Length(dy, nameof(dy), rows, dim);
        ArgumentChecks.Length(dw, nameof(dw), vocab, dim);
        TokenIds.Check(ids.Span, vocab, nameof(ids));
        var idSpan = ids.Span;
        var gradient = dy.Span;
        var table = dw.Span;
        table.Clear();
        for (var r = 0; r < rows; r++)
        {
            var target = table.Slice((int)idSpan[r] * dim, dim);
            var source = gradient.Slice(r * dim, dim);
            for (var j = 0; j < dim; j++)
            {
                target[j] += source[j];
            }
        }
    }
}
