namespace Strata.Cpu;

/// <summary>
/// The Transformer paper's sinusoidal positions added to a sequence [N, T, d] on the CPU: y[n, t, c] = x[n, t, c] +
/// PE(t, c) with PE(t, 2i) = sin(t / 10000^(2i/d)) and PE(t, 2i + 1) = cos(t / 10000^(2i/d)), as d2l's
/// <c>PositionalEncoding</c>. No parameters; the input's gradient is the output's.
/// </summary>
public static unsafe class PositionalEncodingCpu
{
    /// <summary>y = x + PE; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, Tensor x, Tensor y)
    {
        Check(batch, steps, width, x, y);
        var body = new AddRows(x.Pointer, y.Pointer, steps, width);
        CpuParallel.For(batch * steps, ref body);
    }

    /// <summary>PE(t, c) in float, computed in double.</summary>
    public static float Value(int t, int column, int width) =>
        (float)(column % 2 == 0 ? Math.Sin(t * Frequency(column, width)) : Math.Cos(t * Frequency(column, width)));

    /// <summary>1 / 10000^(2i/d) for column 2i or 2i + 1.</summary>
    public static double Frequency(int column, int width) => Math.Pow(10000, -(column - column % 2) / (double)width);

    internal static void Check(int batch, int steps, int width, Tensor x, Tensor y)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(steps, 1, nameof(steps));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        ArgumentChecks.Length(x, nameof(x), batch, steps, width);
        ArgumentChecks.Length(y, nameof(y), batch, steps, width);
    }

    /// <summary>One row [n, t]: x + PE(t).</summary>
    private readonly struct AddRows(float* xs, float* ys, int steps, int width) : IParallelBody
    {
        public void Run(int row)
        {
            var t = row % steps;
            for (var c = 0; c < width; c++)
            {
                ys[row * width + c] = xs[row * width + c] + Value(t, c, width);
            }
        }
    }
}
