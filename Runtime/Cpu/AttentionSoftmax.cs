using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// Attention's row operations between its GEMMs, in 512- or 256-bit lanes on the path <see cref="CpuKernels"/> chose
/// (a scalar tail, and scalar loops on the portable path): the masked softmax of a row of scores, and the softmax's
/// backward step dS = P ⊙ (dP − Σ P·dP).
/// </summary>
internal static unsafe class AttentionSoftmax
{
    /// <summary>
    /// Row[0..valid) = softmax(row[0..valid)), computed in place from the scores (e^(s − max) / Σ); row[valid..length)
    /// = 0 (padded keys).
    /// </summary>
    public static void Forward(float* row, int valid, int length)
    {
        var max = Max(row, valid);
        var j = 0;
        var sum = 0f;
        if (CpuKernels.Vector512)
        {
            var top = Vector512.Create(max);
            var sums = Vector512<float>.Zero;
            for (; j + 16 <= valid; j += 16)
            {
                var e = VectorExp.Exp(Vector512.Load(row + j) - top);
                Vector512.Store(e, row + j);
                sums += e;
            }

            sum = Vector512.Sum(sums);
        }
        else if (CpuKernels.Vector256)
        {
            var top = Vector256.Create(max);
            var sums = Vector256<float>.Zero;
            for (; j + 8 <= valid; j += 8)
            {
                var e = VectorExp.Exp(Vector256.Load(row + j) - top);
                Vector256.Store(e, row + j);
                sums += e;
            }

            sum = Vector256.Sum(sums);
        }

        for (; j < valid; j++)
        {
            var e = MathF.Exp(row[j] - max);
            row[j] = e;
            sum += e;
        }

        Scale(row, valid, 1f / sum);
        new Span<float>(row + valid, length - valid).Clear();
    }

    /// <summary>
    /// In place on <paramref name="gradient"/> (dP on entry, dS on return): dS = P ⊙ (dP − Σ_j P·dP) over the
    /// <paramref name="length"/> values of the row (P is 0 at padded keys, so dS is too).
    /// </summary>
    public static void Backward(float* p, float* gradient, int length)
    {
        var j = 0;
        var weighted = 0f;
        if (CpuKernels.Vector512)
        {
            var sums = Vector512<float>.Zero;
            for (; j + 16 <= length; j += 16)
            {
                sums = Vector512.FusedMultiplyAdd(Vector512.Load(p + j), Vector512.Load(gradient + j), sums);
            }

            weighted = Vector512.Sum(sums);
        }
        else if (CpuKernels.Vector256)
        {
            var sums = Vector256<float>.Zero;
            for (; j + 8 <= length; j += 8)
            {
                sums = Vector256.FusedMultiplyAdd(Vector256.Load(p + j), Vector256.Load(gradient + j), sums);
            }

            weighted = Vector256.Sum(sums);
        }

        for (; j < length; j++)
        {
            weighted += p[j] * gradient[j];
        }

        j = 0;
        if (CpuKernels.Vector512)
        {
            var w = Vector512.Create(weighted);
            for (; j + 16 <= length; j += 16)
            {
                Vector512.Store(Vector512.Load(p + j) * (Vector512.Load(gradient + j) - w), gradient + j);
            }
        }
        else if (CpuKernels.Vector256)
        {
            var w = Vector256.Create(weighted);
            for (; j + 8 <= length; j += 8)
            {
                Vector256.Store(Vector256.Load(p + j) * (Vector256.Load(gradient + j) - w), gradient + j);
            }
        }

        for (; j < length; j++)
        {
            gradient[j] = p[j] * (gradient[j] - weighted);
        }
    }

    /// <summary>target[0..length) = a[0..length) ⊙ b[0..length).</summary>
    public static void Multiply(float* a, float* b, float* target, int length)
    {
        var j = 0;
        if (CpuKernels.Vector512)
        {
            for (; j + 16 <= length; j += 16)
            {
                Vector512.Store(Vector512.Load(a + j) * Vector512.Load(b + j), target + j);
            }
        }
        else if (CpuKernels.Vector256)
        {
            for (; j + 8 <= length; j += 8)
            {
                Vector256.Store(Vector256.Load(a + j) * Vector256.Load(b + j), target + j);
            }
        }

        for (; j < length; j++)
        {
            target[j] = a[j] * b[j];
        }
    }

    private static float Max(float* row, int length)
    {
        var j = 0;
        var max = float.NegativeInfinity;
        if (CpuKernels.Vector512 && length >= 16)
        {
            var m = Vector512.Load(row);
            for (j = 16; j + 16 <= length; j += 16)
            {
                m = Vector512.Max(m, Vector512.Load(row + j));
            }

            max = HorizontalMax(m);
        }
        else if (CpuKernels.Vector256 && length >= 8)
        {
            var m = Vector256.Load(row);
            for (j = 8; j + 8 <= length; j += 8)
            {
                m = Vector256.Max(m, Vector256.Load(row + j));
            }

            max = HorizontalMax(m);
        }

        for (; j < length; j++)
        {
            max = MathF.Max(max, row[j]);
        }

        return max;
    }

    private static float HorizontalMax(Vector512<float> m) => HorizontalMax(Vector256.Max(m.GetLower(), m.GetUpper()));

    private static float HorizontalMax(Vector256<float> m)
    {
        var v = Vector128.Max(m.GetLower(), m.GetUpper());
        var max = v.GetElement(0);
        for (var i = 1; i < 4; i++)
        {
            max = MathF.Max(max, v.GetElement(i));
        }

        return max;
    }

    private static void Scale(float* row, int length, float factor)
    {
        var j = 0;
        if (CpuKernels.Vector512)
        {
            for (; j + 16 <= length; j += 16)
            {
                Vector512.Store(Vector512.Load(row + j) * factor, row + j);
            }
        }
        else if (CpuKernels.Vector256)
        {
            for (; j + 8 <= length; j += 8)
            {
                Vector256.Store(Vector256.Load(row + j) * factor, row + j);
            }
        }

        for (; j < length; j++)
        {
            row[j] *= factor;
        }
    }
}
