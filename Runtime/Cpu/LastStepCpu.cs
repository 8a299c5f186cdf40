namespace Strata.Cpu;

/// <summary>
/// Many-to-one: the output of each sequence at its own last valid step, as PyTorch's h_n of a packed sequence. The
/// forward direction's columns [0, H) come from step length−1; a reverse direction's [H, 2H) from step 0, where it ends.
/// </summary>
public static class LastStepCpu
{
    /// <summary>y [N, T, D·H] → last [N, D·H]. Null <paramref name="lengths"/> means all sequences are full.</summary>
    public static void Forward(int batch, int steps, int hidden, int directions, int[]? lengths, Tensor y, Tensor last)
    {
        var width = directions * hidden;
        Check(batch, steps, width, lengths, y, last);
        var sequence = y.Span;
        var result = last.Span;
        for (var n = 0; n < batch; n++)
        {
            for (var d = 0; d < directions; d++)
            {
                var time = d == 0 ? (lengths?[n] ?? steps) - 1 : 0;
                sequence.Slice((n * steps + time) * width + d * hidden, hidden).CopyTo(result.Slice(n * width + d * hidden, hidden));
            }
        }
    }

    /// <summary>dLast [N, D·H] → dy [N, T, D·H], overwritten: zero except at the steps <see cref="Forward"/> read.</summary>
    public static void Backward(int batch, int steps, int hidden, int directions, int[]? lengths, Tensor dLast, Tensor dy)
    {
        var width = directions * hidden;
        Check(batch, steps, width, lengths, dy, dLast);
        var gradient = dLast.Span;
        var result = dy.Span;
        result.Clear();
        for (var n = 0; n < batch; n++)
        {
            for (var d = 0; d < directions; d++)
            {
                var time = d == 0 ? (lengths?[n] ?? steps) - 1 : 0;
                gradient.Slice(n * width + d * hidden, hidden).CopyTo(result.Slice((n * steps + time) * width + d * hidden, hidden));
            }
        }
    }

    private static void Check(int batch, int steps, int width, int[]? lengths, Tensor sequence, Tensor last)
    {
        ArgumentChecks.Length(sequence, nameof(sequence), batch, steps, width);
        ArgumentChecks.Length(last, nameof(last), batch, width);
        if (lengths is null)
        {
            return;
        }

        if (lengths.Length != batch)
        {
            throw new ArgumentException($"'lengths' should hold {batch} values (one per sequence), got {lengths.Length}.", nameof(lengths));
        }

        foreach (var length in lengths)
        {
            if (length < 1 || length > steps)
            {
                throw new ArgumentException($"Every length must be in 1..{steps}, got {length}.", nameof(lengths));
            }
        }
    }
}
