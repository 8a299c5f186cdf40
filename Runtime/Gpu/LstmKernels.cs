using ILGPU;
using ILGPU.Algorithms;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>LSTM step kernels (gate order i, f, g, o), one thread per (sequence, hidden unit); the math of <see cref="LstmCell"/>.</summary>
internal static class LstmKernels
{
    private const int Gates = 4;

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
            a.Cells[next] = a.Cells[previous];
            a.Y[output] = 0;
            return;
        }

        var row = a.Step * a.Batch + n;
        var inputGates = row * Gates * hidden + j;
        var hiddenGates = n * Gates * hidden + j;
        var i = Sigmoid(a.InputGates[inputGates] + a.HiddenGates[hiddenGates]);
        var f = Sigmoid(a.InputGates[inputGates + hidden] + a.HiddenGates[hiddenGates + hidden]);
        var g = XMath.Tanh(a.InputGates[inputGates + 2 * hidden] + a.HiddenGates[hiddenGates + 2 * hidden]);
        var o = Sigmoid(a.InputGates[inputGates + 3 * hidden] + a.HiddenGates[hiddenGates + 3 * hidden]);
        var c = f * a.Cells[previous] + i * g;
        var h = o * XMath.Tanh(c);
        a.Cells[next] = c;
        a.States[next] = h;
        a.Y[output] = h;
        var saved = row * Gates * hidden + j;
        a.Vectors[saved] = i;
        a.Vectors[saved + hidden] = f;
        a.Vectors[saved + 2 * hidden] = g;
        a.Vectors[saved + 3 * hidden] = o;
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
            }

            a.DhPrevious[state] = a.DhCurrent[state];
            return;
        }

        var output = (n * a.Steps + SequenceOrder.TimeOf(a.Step, length, a.Reverse != 0)) * a.Width + a.Offset + j;
        var dh = a.DhCurrent[state] + a.Dy[output];
        var (i, f, g, o) = (a.Vectors[gate], a.Vectors[gate + hidden], a.Vectors[gate + 2 * hidden], a.Vectors[gate + 3 * hidden]);
        var previous = a.Step * a.Batch * hidden + state;
        var tanhC = XMath.Tanh(a.Cells[previous + a.Batch * hidden]);
        var dCell = a.Dc[state] + dh * o * (1 - tanhC * tanhC);
        a.DGatesInput[gate] = dCell * g * i * (1 - i);
        a.DGatesInput[gate + hidden] = dCell * a.Cells[previous] * f * (1 - f);
        a.DGatesInput[gate + 2 * hidden] = dCell * i * (1 - g * g);
        a.DGatesInput[gate + 3 * hidden] = dh * tanhC * o * (1 - o);
        a.Dc[state] = dCell * f;
        a.DhPrevious[state] = 0;
    }

    private static float Sigmoid(float x) => 1f / (1f + XMath.Exp(-x));
}
