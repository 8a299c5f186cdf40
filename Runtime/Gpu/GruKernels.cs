using ILGPU;
using ILGPU.Algorithms;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>GRU step kernels (gate order r, z, n), one thread per (sequence, hidden unit); the math of <see cref="GruCell"/>.</summary>
internal static class GruKernels
{
    private const int Gates = 3, SavedVectors = 4;

    public static void Forward(Index1D index, RecurrentStepArguments a)
    {
        var (n, j, hidden) = (index / a.Hidden, index % a.Hidden, a.Hidden);
        var length = a.Lengths[n];
        var previous = a.Step * a.Batch * hidden + n * hidden + j;
        var next = previous + a.Batch * hidden;
        var output = (n * a.Steps + SequenceOrder.TimeOf(a.Step, length, a.Reverse != 0)) * a.Width + a.Offset + j;
        if (a.Step >= length)
        {
            a.States[next] = a.States[previous];
            a.Y[output] = 0;
            return;
        }

        var row = a.Step * a.Batch + n;
        var inputGates = row * Gates * hidden + j;
        var hiddenGates = n * Gates * hidden + j;
        var r = Sigmoid(a.InputGates[inputGates] + a.HiddenGates[hiddenGates]);
        var z = Sigmoid(a.InputGates[inputGates + hidden] + a.HiddenGates[hiddenGates + hidden]);
        var hiddenN = a.HiddenGates[hiddenGates + 2 * hidden];
        var candidate = XMath.Tanh(a.InputGates[inputGates + 2 * hidden] + r * hiddenN);
        var h = (1 - z) * candidate + z * a.States[previous];
        a.States[next] = h;
        a.Y[output] = h;
        var saved = row * SavedVectors * hidden + j;
        a.Vectors[saved] = r;
        a.Vectors[saved + hidden] = z;
        a.Vectors[saved + 2 * hidden] = candidate;
        a.Vectors[saved + 3 * hidden] = hiddenN;
    }

    public static void Backward(Index1D index, RecurrentBackwardArguments a)
    {
        var (n, j, hidden) = (index / a.Hidden, index % a.Hidden, a.Hidden);
        var length = a.Lengths[n];
        var state = n * hidden + j;
        var row = a.Step * a.Batch + n;
        var gate = row * Gates * hidden + j;
        if (a.Step >= length)
        {
            for (var k = 0; k < Gates; k++)
            {
                a.DGatesInput[gate + k * hidden] = 0;
                a.DGatesHidden[gate + k * hidden] = 0;
            }

            a.DhPrevious[state] = a.DhCurrent[state];
            return;
        }

        var output = (n * a.Steps + SequenceOrder.TimeOf(a.Step, length, a.Reverse != 0)) * a.Width + a.Offset + j;
        var dh = a.DhCurrent[state] + a.Dy[output];
        var saved = row * SavedVectors * hidden + j;
        var (r, z, candidate, hiddenN) = (a.Vectors[saved], a.Vectors[saved + hidden], a.Vectors[saved + 2 * hidden], a.Vectors[saved + 3 * hidden]);
        var hPrevious = a.States[a.Step * a.Batch * hidden + state];
        var dnPre = dh * (1 - z) * (1 - candidate * candidate);
        var drPre = dnPre * hiddenN * r * (1 - r);
        var dzPre = dh * (hPrevious - candidate) * z * (1 - z);
        a.DGatesInput[gate] = drPre;
        a.DGatesInput[gate + hidden] = dzPre;
        a.DGatesInput[gate + 2 * hidden] = dnPre;
        a.DGatesHidden[gate] = drPre;
        a.DGatesHidden[gate + hidden] = dzPre;
        a.DGatesHidden[gate + 2 * hidden] = dnPre * r;
        a.DhPrevious[state] = dh * z;
    }

    private static float Sigmoid(float x) => 1f / (1f + XMath.Exp(-x));
}
