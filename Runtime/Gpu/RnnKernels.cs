using ILGPU;
using ILGPU.Algorithms;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>Elman RNN step kernels (tanh, or relu when Relu ≠ 0), one thread per (sequence, hidden unit).</summary>
internal static class RnnKernels
{
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

        var pre = a.InputGates[(a.Step * a.Batch + n) * hidden + j] + a.HiddenGates[n * hidden + j];
        var h = a.Relu != 0 ? XMath.Max(pre, 0f) : XMath.Tanh(pre);
        a.States[next] = h;
        a.Y[output] = h;
    }

    public static void Backward(Index1D index, RecurrentBackwardArguments a)
    {
        var (n, j, hidden) = (index / a.Hidden, index % a.Hidden, a.Hidden);
        var length = a.Lengths[n];
        var state = n * hidden + j;
        var gate = (a.Step * a.Batch + n) * hidden + j;
        if (a.Step >= length)
        {
            a.DGatesInput[gate] = 0;
            a.DhPrevious[state] = a.DhCurrent[state];
            return;
        }

        var output = (n * a.Steps + SequenceOrder.TimeOf(a.Step, length, a.Reverse != 0)) * a.Width + a.Offset + j;
        var dh = a.DhCurrent[state] + a.Dy[output];
        var h = a.States[(a.Step + 1) * a.Batch * hidden + state];
        a.DGatesInput[gate] = dh * (a.Relu != 0 ? (h > 0 ? 1f : 0f) : 1f - h * h);
        a.DhPrevious[state] = 0;
    }
}
