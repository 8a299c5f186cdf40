namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// A plain float64 attention-GRU decoder written from d2l's <c>Seq2SeqAttentionDecoder</c> and PyTorch's nn.GRU
/// equations, one scalar at a time, sharing nothing with the runtime: the oracle for AttentionGruCpu. Masked source
/// positions get weight exactly 0 (d2l's −1e6 fill in the limit); steps past a target length leave the state alone.
/// </summary>
internal sealed record ReferenceAttentionGru(int Batch, int TargetSteps, int SourceSteps, int InputSize, int MemoryWidth, int Hidden, int AttentionHidden)
{
    /// <summary>The decoder's outputs [N, T, H], final states [N, H] and attention weights [N, T, S].</summary>
    public (double[] Y, double[] HN, double[] Alpha) Forward(
        double[] x, double[] memory, double[] h0, int[] sourceLengths, int[]? targetLengths,
        double[] wq, double[] wk, double[] wv, double[] wih, double[] whh, double[] bih, double[] bhh)
    {
        var (n, t, s, i, k, h, a) = (Batch, TargetSteps, SourceSteps, InputSize, MemoryWidth, Hidden, AttentionHidden);
        var cellInput = k + i;
        var y = new double[n * t * h];
        var hN = new double[n * h];
        var alpha = new double[n * t * s];
        for (var b = 0; b < n; b++)
        {
            var state = h0.AsSpan(b * h, h).ToArray();
            for (var step = 0; step < (targetLengths?[b] ?? t); step++)
            {
                var length = sourceLengths[b];
                var scores = new double[length];
                for (var src = 0; src < length; src++)
                {
                    for (var j = 0; j < a; j++)
                    {
                        var pre = 0.0;
                        for (var q = 0; q < h; q++)
                        {
                            pre += wq[j * h + q] * state[q];
                        }

                        for (var m = 0; m < k; m++)
                        {
                            pre += wk[j * k + m] * memory[(b * s + src) * k + m];
                        }

                        scores[src] += wv[j] * Math.Tanh(pre);
                    }
                }

                var max = scores.Max();
                var total = scores.Sum(e => Math.Exp(e - max));
                var u = new double[cellInput];
                for (var src = 0; src < length; src++)
                {
                    var weight = Math.Exp(scores[src] - max) / total;
                    alpha[(b * t + step) * s + src] = weight;
                    for (var m = 0; m < k; m++)
                    {
                        u[m] += weight * memory[(b * s + src) * k + m];
                    }
                }

                for (var m = 0; m < i; m++)
                {
                    u[k + m] = x[(b * t + step) * i + m];
                }

                var next = new double[h];
                for (var j = 0; j < h; j++)
                {
                    double Gate(int gate, double[] weights, double[] bias, double[] vector, int width)
                    {
                        var sum = bias[gate * h + j];
                        for (var m = 0; m < width; m++)
                        {
                            sum += weights[(gate * h + j) * width + m] * vector[m];
                        }

                        return sum;
                    }

                    var r = Sigmoid(Gate(0, wih, bih, u, cellInput) + Gate(0, whh, bhh, state, h));
                    var z = Sigmoid(Gate(1, wih, bih, u, cellInput) + Gate(1, whh, bhh, state, h));
                    var candidate = Math.Tanh(Gate(2, wih, bih, u, cellInput) + r * Gate(2, whh, bhh, state, h));
                    next[j] = (1 - z) * candidate + z * state[j];
                }

                state = next;
                state.CopyTo(y, (b * t + step) * h);
            }

            state.CopyTo(hN, b * h);
        }

        return (y, hN, alpha);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
