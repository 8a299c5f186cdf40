namespace Strata.Runtime.Tests.Reference;

/// <summary>The recurrent cell kinds under test.</summary>
public enum RecurrentKind
{
    RnnTanh,
    RnnRelu,
    Lstm,
    Gru,
}

/// <summary>One direction of one recurrent layer, written plainly in float64 from PyTorch's nn.RNN/LSTM/GRU formulas.</summary>
internal static class ReferenceRecurrent
{
    /// <summary>G: gate blocks in weight_ih/weight_hh (PyTorch order: LSTM i, f, g, o; GRU r, z, n).</summary>
    public static int Gates(this RecurrentKind kind) => kind switch
    {
        RecurrentKind.Lstm => 4,
        RecurrentKind.Gru => 3,
        _ => 1,
    };

    /// <summary>
    /// x [N, T, I] → y [N, T, H] (zeros past each sequence's length), hN and cN [N, H] (cN zeros unless LSTM).
    /// Weights as PyTorch: wih [G·H, I], whh [G·H, H], bih and bhh [G·H]. Null h0/c0/lengths mean zeros/full.
    /// </summary>
    public static (double[] Y, double[] HN, double[] CN) Forward(
        RecurrentKind kind, int batch, int steps, int inputSize, int hidden,
        double[] x, double[] wih, double[] whh, double[] bih, double[] bhh,
        double[]? h0, double[]? c0, int[]? lengths, bool reverse)
    {
        var gates = kind.Gates();
        var y = new double[batch * steps * hidden];
        var hN = new double[batch * hidden];
        var cN = new double[batch * hidden];
        for (var n = 0; n < batch; n++)
        {
            var h = new double[hidden];
            var c = new double[hidden];
            for (var j = 0; j < hidden; j++)
            {
                h[j] = h0?[n * hidden + j] ?? 0;
                c[j] = c0?[n * hidden + j] ?? 0;
            }

            var length = lengths?[n] ?? steps;
            for (var k = 0; k < length; k++)
            {
                var t = reverse ? length - 1 - k : k;
                var gx = new double[gates * hidden];
                var gh = new double[gates * hidden];
                for (var row = 0; row < gates * hidden; row++)
                {
                    var sx = bih[row];
                    for (var i = 0; i < inputSize; i++)
                    {
                        sx += wih[row * inputSize + i] * x[(n * steps + t) * inputSize + i];
                    }

                    var sh = bhh[row];
                    for (var i = 0; i < hidden; i++)
                    {
                        sh += whh[row * hidden + i] * h[i];
                    }

                    (gx[row], gh[row]) = (sx, sh);
                }

                var next = new double[hidden];
                for (var j = 0; j < hidden; j++)
                {
                    switch (kind)
                    {
                        case RecurrentKind.RnnTanh:
                            next[j] = Math.Tanh(gx[j] + gh[j]);
                            break;
                        case RecurrentKind.RnnRelu:
                            next[j] = Math.Max(0, gx[j] + gh[j]);
                            break;
                        case RecurrentKind.Lstm:
                            var ig = Sigmoid(gx[j] + gh[j]);
                            var fg = Sigmoid(gx[hidden + j] + gh[hidden + j]);
                            var gg = Math.Tanh(gx[2 * hidden + j] + gh[2 * hidden + j]);
                            var og = Sigmoid(gx[3 * hidden + j] + gh[3 * hidden + j]);
                            c[j] = fg * c[j] + ig * gg;
                            next[j] = og * Math.Tanh(c[j]);
                            break;
                        default:
                            var r = Sigmoid(gx[j] + gh[j]);
                            var z = Sigmoid(gx[hidden + j] + gh[hidden + j]);
                            var candidate = Math.Tanh(gx[2 * hidden + j] + r * gh[2 * hidden + j]);
                            next[j] = (1 - z) * candidate + z * h[j];
                            break;
                    }
                }

                h = next;
                Array.Copy(h, 0, y, (n * steps + t) * hidden, hidden);
            }

            Array.Copy(h, 0, hN, n * hidden, hidden);
            Array.Copy(c, 0, cN, n * hidden, hidden);
        }

        return (y, hN, cN);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
