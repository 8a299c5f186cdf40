using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>Activations that are not fused into a GEMM epilogue (after pooling or flatten).</summary>
public static class ActivationCpu
{
    /// <summary>y = act(y), in place.</summary>
    public static void ForwardInPlace<TActivation>(Tensor y)
        where TActivation : struct, IActivation
    {
        ArgumentNullException.ThrowIfNull(y);
        ForwardInPlace<TActivation>(y.Span);
    }

    /// <summary>dy = dy · act'(y), in place, where y is the activation's output.</summary>
    public static void BackwardInPlace<TActivation>(Tensor y, Tensor dy)
        where TActivation : struct, IActivation
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentChecks.Length(dy, nameof(dy), y.Shape);
        BackwardInPlace<TActivation>(y.Span, dy.Span);
    }

    /// <summary>values = act(values), in place.</summary>
    internal static void ForwardInPlace<TActivation>(Span<float> values)
        where TActivation : struct, IActivation
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        if (CpuKernels.Vector512)
        {
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                TActivation.Apply(Vector512.LoadUnsafe(ref start, (nuint)i)).StoreUnsafe(ref start, (nuint)i);
            }
        }
        else if (CpuKernels.Vector256)
        {
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                TActivation.Apply(Vector256.LoadUnsafe(ref start, (nuint)i)).StoreUnsafe(ref start, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            ref var value = ref Unsafe.Add(ref start, i);
            value = TActivation.Apply(value);
        }
    }

    /// <summary>gradients = gradients · act'(outputs), in place; the spans have equal lengths.</summary>
    internal static void BackwardInPlace<TActivation>(ReadOnlySpan<float> outputs, Span<float> gradients)
        where TActivation : struct, IActivation
    {
        if (outputs.Length != gradients.Length)
        {
            throw new ArgumentException($"Expected {outputs.Length} gradients, one per output, got {gradients.Length}.", nameof(gradients));
        }

        if (typeof(TActivation) == typeof(IdentityActivation))
        {
            return;
        }

        ref var y = ref MemoryMarshal.GetReference(outputs);
        ref var dy = ref MemoryMarshal.GetReference(gradients);
        var i = 0;
        if (CpuKernels.Vector512)
        {
            for (; i <= gradients.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var derivative = TActivation.DerivativeFromOutput(Vector512.LoadUnsafe(ref y, (nuint)i));
                (Vector512.LoadUnsafe(ref dy, (nuint)i) * derivative).StoreUnsafe(ref dy, (nuint)i);
            }
        }
        else if (CpuKernels.Vector256)
        {
            for (; i <= gradients.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var derivative = TActivation.DerivativeFromOutput(Vector256.LoadUnsafe(ref y, (nuint)i));
                (Vector256.LoadUnsafe(ref dy, (nuint)i) * derivative).StoreUnsafe(ref dy, (nuint)i);
            }
        }

        for (; i < gradients.Length; i++)
        {
            Unsafe.Add(ref dy, i) *= TActivation.DerivativeFromOutput(Unsafe.Add(ref y, i));
        }
    }
}
