namespace Strata.Cpu;

/// <summary>
/// The mean of every sequence over its valid steps on the CPU, [N, T, d] → [N, d]: y[n] = Σ_{t &lt; len[n]} x[n, t] / len[n],
/// so padded steps count for nothing (<c>lengths</c> null: every sequence is full).
/// </summary>
public static unsafe class MeanOverStepsCpu
{
    /// <summary>y is overwritten; the sum runs over the steps in order.</summary>
    public static void Forward(int batch, int steps, int width, int[]? lengths, Tensor x, Tensor y)
    {
        Check(batch, steps, width, lengths, x, y);
        var xs = x.Pointer;
        var ys = y.Pointer;
        for (var n = 0; n < batch; n++)
        {
            var valid = lengths?[n] ?? steps;
            for (var c = 0; c < width; c++)
            {
                var sum = 0f;
                for (var t = 0; t < valid; t++)
                {
                    sum += xs[(n * steps + t) * width + c];
                }

                ys[n * width + c] = sum / valid;
            }
        }
    }

    /// <summary>dx[n, t] = dy[n] / len[n] at the valid steps and 0 at padded ones; dx is overwritten.</summary>
    public static void Backward(int batch, int steps, int width, int[]? lengths, Tensor dy, Tensor dx)
    {
        Check(batch, steps, width, lengths, dx, dy);
        var dys = dy.Pointer;
        var dxs = dx.Pointer;
        for (var n = 0; n < batch; n++)
        {
            var valid = lengths?[n] ?? steps;
            for (var t = 0; t < steps; t++)
            {
                for (var c = 0; c < width; c++)
                {
                    dxs[(n * steps + t) * width + c] = t < valid ? dys[n * width + c] / valid : 0f;
                }
            }
        }
    }

    internal static void Check(int batch, int steps, int width, int[]? lengths, Tensor sequence, Tensor vector)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(steps, 1, nameof(steps));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        if (lengths is not null)
        {
            if (lengths.Length != batch)
            {
                throw new ArgumentException($"{lengths.Length} lengths for a batch of {batch}.", nameof(lengths));
            }

            if (lengths.Any(length => length < 1 || length > steps))
            {
                throw new ArgumentException($"A length is outside 1..{steps}.", nameof(lengths));
            }
        }

        ArgumentChecks.Length(sequence, nameof(sequence), batch, steps, width);
        ArgumentChecks.Length(vector, nameof(vector), batch, width);
    }
}
