using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>Vector helpers on spans: unchecked 16-float loads and stores (callers keep offset + 16 within the span), sums, adds and short copies.</summary>
internal static unsafe class SpanVectors
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ReadOnlySpan<float> values, int start) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)start);

    /// <summary><paramref name="length"/> floats from <paramref name="values"/> + <paramref name="start"/>, as a span (a tensor's <see cref="Tensor.Pointer"/>, say).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<float> Of(float* values, int start, int length) => new(values + start, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, Span<float> values, int start) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(values), (nuint)start);

    /// <summary>
    /// Copies <paramref name="count"/> floats in the widest vectors that fit, then single floats: inlined, for the short
    /// runs (rows of 4–16) that a call to <c>Span.CopyTo</c> costs more than.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* source, float* target, int count)
    {
        var i = 0;
        if (CpuKernels.Vector512)
        {
            for (; i + Vector512<float>.Count <= count; i += Vector512<float>.Count)
            {
                Vector512.Store(Vector512.Load(source + i), target + i);
            }
        }

        if (CpuKernels.Vector256)
        {
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
            {
                Vector256.Store(Vector256.Load(source + i), target + i);
            }

            for (; i + Vector128<float>.Count <= count; i += Vector128<float>.Count)
            {
                Vector128.Store(Vector128.Load(source + i), target + i);
            }
        }

        for (; i < count; i++)
        {
            target[i] = source[i];
        }
    }

    /// <summary>target[i] += source[i] over target's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the recurrent loops call it on runs of 32 floats
    public static void AddTo(ReadOnlySpan<float> source, Span<float> target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, target.Length, nameof(source));
        var i = 0;
        if (CpuKernels.Vector512)
        {
            for (; i + Vector512<float>.Count <= target.Length; i += Vector512<float>.Count)
            {
                Store(Load(target, i) + Load(source, i), target, i);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    /// <summary>The sum of <paramref name="values"/>, in 16 float lanes where 512-bit vectors run.</summary>
    public static float Sum(ReadOnlySpan<float> values)
    {
        var i = 0;
        var total = 0f;
        if (CpuKernels.Vector512)
        {
            var lanes = Vector512<float>.Zero;
            for (; i + Vector512<float>.Count <= values.Length; i += Vector512<float>.Count)
            {
                lanes += Load(values, i);
            }

            total = Vector512.Sum(lanes);
        }

        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    /// <summary>Σ (values − mean)², in vector lanes (16 or 8 floats) then the tail.</summary>
    public static float SquaredDeviations(ReadOnlySpan<float> values, float mean)
    {
        var i = 0;
        var total = 0f;
        if (CpuKernels.Vector512)
        {
            var lanes = Vector512<float>.Zero;
            var center = Vector512.Create(mean);
            for (; i + Vector512<float>.Count <= values.Length; i += Vector512<float>.Count)
            {
                var d = Load(values, i) - center;
                lanes = Vector512.FusedMultiplyAdd(d, d, lanes);
            }

            total = Vector512.Sum(lanes);
        }
        else if (CpuKernels.Vector256)
        {
            var lanes = Vector256<float>.Zero;
            var center = Vector256.Create(mean);
            for (; i + Vector256<float>.Count <= values.Length; i += Vector256<float>.Count)
            {
                var d = Vector256.Create(values.Slice(i, Vector256<float>.Count)) - center;
                lanes += d * d;
            }

            total = Vector256.Sum(lanes);
        }

        for (; i < values.Length; i++)
        {
            var d = values[i] - mean;
            total += d * d;
        }

        return total;
    }
}
