using ILGPU;
using ILGPU.Algorithms;

namespace Strata.Gpu;

/// <summary>
/// The activations on a GPU, selected by a <see cref="DenseActivation"/> passed as an int: the device functions that
/// fused kernels call in their epilogue, and the in-place kernels for an activation on its own. The formulas are the
/// scalar ones of the CPU structs (<see cref="Cpu.ReluActivation"/>, ...), derivatives taken from the output.
/// </summary>
internal static class ActivationKernels
{
    /// <summary>act(x).</summary>
    public static float Apply(int activation, float x) => (DenseActivation)activation switch
    {
        DenseActivation.Relu => x > 0f ? x : 0f,
        DenseActivation.Sigmoid => 1f / (1f + XMath.Exp(-x)),
        DenseActivation.Tanh => XMath.Tanh(x),
        DenseActivation.Relu6 => x > 0f ? (x < 6f ? x : 6f) : 0f,
        _ => x,
    };

    /// <summary>act′ expressed through the activation's output y.</summary>
    public static float DerivativeFromOutput(int activation, float y) => (DenseActivation)activation switch
    {
        DenseActivation.Relu => y > 0f ? 1f : 0f,
        DenseActivation.Sigmoid => y * (1f - y),
        DenseActivation.Tanh => 1f - y * y,
        DenseActivation.Relu6 => y > 0f && y < 6f ? 1f : 0f,
        _ => 1f,
    };

    /// <summary>y = act(y) in place; one thread per element.</summary>
    public static void Forward(Index1D i, ArrayView<float> y, int activation)
    {
        y[i] = Apply(activation, y[i]);
    }

    /// <summary>dy = dy · act′(y) in place, from the activation's output y; one thread per element.</summary>
    public static void Backward(Index1D i, ArrayView<float> y, ArrayView<float> dy, int activation)
    {
        dy[i] = dy[i] * DerivativeFromOutput(activation, y[i]);
    }
}
