namespace Strata.Cpu;

/// <summary>
/// ViT's class token on the CPU: a learned vector [d] put before every sequence, [N, T, d] → [N, T + 1, d].
/// </summary>
public static class ClassTokenCpu
{
    /// <summary>y[n, 0] = token, y[n, 1 + t] = x[n, t]; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, Tensor x, Tensor token, Tensor y)
    {
        Check(batch, steps, width, token, y);
        ArgumentChecks.Length(x, nameof(x), batch, steps, width);
        for (var n = 0; n < batch; n++)
        {
            token.Span.CopyTo(y.Span.Slice(n * (steps + 1) * width, width));
            x.Span.Slice(n * steps * width, steps * width).CopyTo(y.Span.Slice((n * (steps + 1) + 1) * width, steps * width));
        }
    }

    /// <summary>dToken = Σ_n dy[n, 0] (skipped when null) and dx[n, t] = dy[n, 1 + t] (skipped when null), overwritten.</summary>
    public static void Backward(int batch, int steps, int width, Tensor dy, Tensor? dx, Tensor? dToken)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.Length(dy, nameof(dy), batch, steps + 1, width);
        if (dToken is not null)
        {
            ArgumentChecks.Length(dToken, nameof(dToken), width);
            var sums = dToken.Span;
            sums.Clear();
            for (var n = 0; n < batch; n++)
            {
                var row = dy.Span.Slice(n * (steps + 1) * width, width);
                for (var c = 0; c < width; c++)
                {
                    sums[c] += row[c];
                }
            }
        }

        if (dx is not null)
        {
            ArgumentChecks.Length(dx, nameof(dx), batch, steps, width);
            for (var n = 0; n < batch; n++)
            {
                dy.Span.Slice((n * (steps + 1) + 1) * width, steps * width).CopyTo(dx.Span.Slice(n * steps * width, steps * width));
            }
        }
    }

    internal static void Check(int batch, int steps, int width, Tensor token, Tensor y)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(steps, 1, nameof(steps));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        ArgumentChecks.Length(token, nameof(token), width);
        ArgumentChecks.Length(y, nameof(y), batch, steps + 1, width);
    }
}
