using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// LeakyReLU as PyTorch's <c>torch.nn.LeakyReLU(negative_slope)</c>: y = x if x &gt; 0, else slope · x. The slope is
/// a runtime value, which the static-abstract <see cref="IActivation"/> structs cannot carry, so it is not fused into
/// an epilogue: it runs in place over its layer's output after the layer's forward, and over the output gradient
/// before the layer's backward. The derivative is taken from the output y, which is valid because the slope is
/// ≥ 0 (then y &gt; 0 exactly when x &gt; 0); a negative or non-finite slope is rejected.
/// </summary>
public static class LeakyReluCpu
{
    /// <summary>y = y if y &gt; 0, else <paramref name="negativeSlope"/> · y, in place; NaN stays NaN.</summary>
    public static void ForwardInPlace(float negativeSlope, Tensor y)
    {
        CheckSlope(negativeSlope);
        ArgumentNullException.ThrowIfNull(y);
        ForwardInPlace(negativeSlope, y.Span);
    }

    /// <summary>
    /// dy = dy · (1 if y &gt; 0, else <paramref name="negativeSlope"/>), in place, where y is the activation's
    /// output (as written by <see cref="ForwardInPlace(float, Tensor)"/>); dy holds as many values as y.
    /// </summary>
    public static void BackwardInPlace(float negativeSlope, Tensor y, Tensor dy)
    {
        CheckSlope(negativeSlope);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentChecks.Length(dy, nameof(dy), y.Shape);
        BackwardInPlace(negativeSlope, y.Span, dy.Span);
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless the slope is finite and ≥ 0: with a negative slope
    /// the output's sign no longer tells the input's, so the derivative cannot be taken from the output.
    /// </summary>
    internal static void CheckSlope(float negativeSlope)
    {
        if (!float.IsFinite(negativeSlope) || negativeSlope < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "LeakyReLU's negative slope must be finite and ≥ 0.");
        }
    }

    /// <summary>values = leaky(values), in place; the slope has been checked.</summary>
    internal static void ForwardInPlace(float negativeSlope, Span<float> values)
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        if (CpuKernels.Vector512)
        {
            var slope = Vector512.Create(negativeSlope);
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var x = Vector512.LoadUnsafe(ref start, (nuint)i);
                Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * slope).StoreUnsafe(ref start, (nuint)i);
            }
        }
        else if (CpuKernels.Vector256)
        {
            var slope = Vector256.Create(negativeSlope);
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref start, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope).StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            ref var value = ref Unsafe.Add(ref start, i);
            value = value > 0f ? value : value * negativeSlope;
        }
    }

    /// <summary>gradients = gradients · leaky′(outputs), in place; the slope has been checked, the spans have equal lengths.</summary>
    internal static void BackwardInPlace(float negativeSlope, ReadOnlySpan<float> outputs, Span<float> gradients)
    {
        if (outputs.Length != gradients.Length)
        {
            throw new ArgumentException($"Expected {outputs.Length} gradients, one per output, got {gradients.Length}.", nameof(gradients));
        }

        ref var y = ref MemoryMarshal.GetReference(outputs);
        ref var dy = ref MemoryMarshal.GetReference(gradients);
        var i = 0;
        if (CpuKernels.Vector512)
        {
            var slope = Vector512.Create(negativeSlope);
            for (; i <= gradients.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref y, (nuint)i), Vector512<float>.Zero);
                var gradient = Vector512.LoadUnsafe(ref dy, (nuint)i);
                Vector512.ConditionalSelect(positive, gradient, gradient * slope).StoreUnsafe(ref dy, (nuint)i);
            }
        }
        else if (CpuKernels.Vector256)
        {
            var slope = Vector256.Create(negativeSlope);
            for (; i <= gradients.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref y, (nuint)i), Vector256<float>.Zero);
                var gradient = Vector256.LoadUnsafe(ref dy, (nuint)i);
                Vector256.ConditionalSelect(positive, gradient, gradient * slope).StoreUnsafe(ref dy, (nuint)i);
            }
        }

        for (; i < gradients.Length; i++)
        {
            ref var gradient = ref Unsafe.Add(ref dy, i);
            gradient = Unsafe.Add(ref y, i) > 0f ? gradient : gradient * negativeSlope;
        }
    }
}
