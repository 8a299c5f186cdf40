namespace Strata.Cpu;

/// <summary>One-hot encoding on the CPU (PyTorch F.one_hot(ids, vocab).float()).</summary>
public static class OneHotCpu
{
    /// <summary>ids [rows] (floats holding integers, checked) → y [rows, vocab], 1 at each id and 0 elsewhere.</summary>
    public static void Forward(int rows, int vocab, Tensor ids, Tensor y)
    {
        ArgumentChecks.Length(ids, nameof(ids), rows);
        ArgumentChecks.Length(y, nameof(y), rows, vocab);
        TokenIds.Check(ids.Span, vocab, nameof(ids));
        var idSpan = ids.Span;
        var output = y.Span;
        output.Clear();
        for (var r = 0; r < rows; r++)
        {
            output[r * vocab + (int)idSpan[r]] = 1;
        }
    }
}
