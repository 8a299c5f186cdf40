namespace Strata.Cpu;

/// <summary>One step of every sequence on the CPU, [N, T, d] → [N, d]: ViT's class token after the encoder, <c>x[:, index]</c>.</summary>
public static class TakeStepCpu
{
    /// <summary>y[n] = x[n, index]; y is overwritten. An index at or past the steps throws <see cref="ArgumentException"/>.</summary>
    public static void Forward(int batch, int steps, int width, int index, Tensor x, Tensor y)
    {
        Check(batch, steps, width, index, x, y);
        for (var n = 0; n < batch; n++)
        {
            x.Span.Slice((n * steps + index) * width, width).CopyTo(y.Span.Slice(n * width, width));
        }
    }

    /// <summary>dx[n, index] = dy[n], and 0 at every other step; dx is overwritten.</summary>
    public static void Backward(int batch, int steps, int width, int index, Tensor dy, Tensor dx)
    {
        Check(batch, steps, width, index, dx, dy);
        dx.Span.Clear();
        for (var n = 0; n < batch; n++)
        {
            dy.Span.Slice(n * width, width).CopyTo(dx.Span.Slice((n * steps + index) * width, width));
        }
    }

    internal static void Check(int batch, int steps, int width, int index, Tensor sequence, Tensor vector)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        if (index < 0 || index >= steps)
        {
            throw new ArgumentException($"Step {index} does not exist in a sequence of {steps} steps.", nameof(index));
        }

        ArgumentChecks.Length(sequence, nameof(sequence), batch, steps, width);
        ArgumentChecks.Length(vector, nameof(vector), batch, width);
    }
}
