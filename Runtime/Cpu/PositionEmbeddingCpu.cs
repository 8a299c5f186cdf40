namespace Strata.Cpu;

/// <summary>
/// Learned positions added to a sequence [N, T, d] on the CPU, as ViT's <c>pos_embed</c> or BERT's position embeddings:
/// y[n, t] = x[n, t] + W[t] with W [maxSteps, d]. A sequence longer than maxSteps throws <see cref="ArgumentException"/>.
/// </summary>
public static unsafe class PositionEmbeddingCpu
{
    /// <summary>y = x + W[t]; y is overwritten.</summary>
    public static void Forward(int batch, int steps, int width, int maxSteps, Tensor x, Tensor weight, Tensor y)
    {
        Check(batch, steps, width, maxSteps, weight);
        ArgumentChecks.Length(x, nameof(x), batch, steps, width);
        ArgumentChecks.Length(y, nameof(y), batch, steps, width);
        var body = new AddRows(x.Pointer, weight.Pointer, y.Pointer, steps, width);
        CpuParallel.For(batch * steps, ref body);
    }

    /// <summary>dW[t] = Σ_n dy[n, t] for t &lt; steps and 0 past them (overwritten); the input's gradient is dy itself.</summary>
    public static void Backward(int batch, int steps, int width, int maxSteps, Tensor dy, Tensor dWeight)
    {
        Check(batch, steps, width, maxSteps, dWeight);
        ArgumentChecks.Length(dy, nameof(dy), batch, steps, width);
        var body = new SumSteps(dy.Pointer, dWeight.Pointer, batch, steps, width);
        CpuParallel.For(maxSteps, ref body);
    }

    internal static void Check(int batch, int steps, int width, int maxSteps, Tensor weight)
    {
        ArgumentChecks.AtLeast(batch, 0, nameof(batch));
        ArgumentChecks.AtLeast(steps, 1, nameof(steps));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        if (steps > maxSteps)
        {
            throw new ArgumentException($"The sequence has {steps} steps, more than the {maxSteps} positions the embedding has learned.", nameof(steps));
        }

        ArgumentChecks.Length(weight, nameof(weight), maxSteps, width);
    }

    /// <summary>One row [n, t]: x + W[t].</summary>
    private readonly struct AddRows(float* xs, float* ws, float* ys, int steps, int width) : IParallelBody
    {
        public void Run(int row)
        {
            var t = row % steps;
            for (var c = 0; c < width; c++)
            {
                ys[row * width + c] = xs[row * width + c] + ws[t * width + c];
            }
        }
    }

    /// <summary>One position's gradient: dy summed over the batch, or 0 past the steps.</summary>
    private readonly struct SumSteps(float* dys, float* dws, int batch, int steps, int width) : IParallelBody
    {
        public void Run(int t)
        {
            for (var c = 0; c < width; c++)
            {
                var sum = 0f;
                if (t < steps)
                {
                    for (var n = 0; n < batch; n++)
                    {
                        sum += dys[(n * steps + t) * width + c];
                    }
                }

                dws[t * width + c] = sum;
            }
        }
    }
}
