using ILGPU;
using ILGPU.Algorithms;

namespace Strata.Gpu;

/// <summary>
/// The self-attention kernels, with the formulas and summation order of <see cref="Cpu.AttentionCpu"/>. <c>masked</c> 1
/// applies the attention-dropout mask <c>m</c> [N, heads, T, T] to the weights where they meet the values; 0 ignores
/// <c>m</c> (any view).
/// </summary>
internal static class AttentionKernels
{
    /// <summary>One thread per (sample, head, query step): scores over the valid keys, softmax into P, and the context.</summary>
    public static void Forward(
        Index1D row, ArrayView<float> q, ArrayView<float> p, ArrayView<float> m, int masked, ArrayView<float> c, ArrayView<int> lengths, int steps, int heads, int width, int headSize, float scale)
    {
        var i = row % steps;
        var h = row / steps % heads;
        var n = row / steps / heads;
        var valid = lengths[n];
        var stride = 3 * width;
        var qAt = (n * steps + i) * stride + h * headSize;
        var pAt = ((n * heads + h) * steps + i) * steps;
        var max = float.NegativeInfinity;
        for (var j = 0; j < valid; j++)
        {
            var kAt = (n * steps + j) * stride + width + h * headSize;
            var dot = 0f;
            for (var e = 0; e < headSize; e++)
            {
                dot += q[qAt + e] * q[kAt + e];
            }

            var s = dot * scale;
            p[pAt + j] = s;
            max = XMath.Max(max, s);
        }

        var sum = 0f;
        for (var j = 0; j < valid; j++)
        {
            var e = XMath.Exp(p[pAt + j] - max);
            p[pAt + j] = e;
            sum += e;
        }

        for (var j = 0; j < steps; j++)
        {
            p[pAt + j] = j < valid ? p[pAt + j] / sum : 0f;
        }

        var cAt = (n * steps + i) * width + h * headSize;
        for (var e = 0; e < headSize; e++)
        {
            var total = 0f;
            for (var j = 0; j < valid; j++)
            {
                total += (masked == 0 ? p[pAt + j] : p[pAt + j] * m[pAt + j]) * q[(n * steps + j) * stride + 2 * width + h * headSize + e];
            }

            c[cAt + e] = total;
        }
    }

    /// <summary>One thread per (sample, head, query step): dS = P ⊙ (dP − Σ P·dP) with dP = (dc · vᵀ) ⊙ m, and dq = scale · dS · k.</summary>
    public static void QueryGradient(
        Index1D row, ArrayView<float> q, ArrayView<float> p, ArrayView<float> m, int masked, ArrayView<float> dc, ArrayView<float> ds, ArrayView<float> dq, int steps, int heads, int width, int headSize, float scale)
    {
        var i = row % steps;
        var h = row / steps % heads;
        var n = row / steps / heads;
        var stride = 3 * width;
        var pAt = ((n * heads + h) * steps + i) * steps;
        var cAt = (n * steps + i) * width + h * headSize;
        var weighted = 0f;
        for (var j = 0; j < steps; j++)
        {
            var vAt = (n * steps + j) * stride + 2 * width + h * headSize;
            var dot = 0f;
            for (var e = 0; e < headSize; e++)
            {
                dot += dc[cAt + e] * q[vAt + e];
            }

            if (masked != 0)
            {
                dot *= m[pAt + j];
            }

            ds[pAt + j] = dot;
            weighted += p[pAt + j] * dot;
        }

        for (var j = 0; j < steps; j++)
        {
            ds[pAt + j] = p[pAt + j] * (ds[pAt + j] - weighted);
        }

        var qAt = (n * steps + i) * stride + h * headSize;
        for (var e = 0; e < headSize; e++)
        {
            var total = 0f;
            for (var j = 0; j < steps; j++)
            {
                total += ds[pAt + j] * q[(n * steps + j) * stride + width + h * headSize + e];
            }

            dq[qAt + e] = total * scale;
        }
    }

    /// <summary>One thread per (sample, head, key step): dk = scale · Σ_i dS_ij q_i and dv = Σ_i P_ij m_ij dc_i.</summary>
    public static void KeyGradient(
        Index1D row, ArrayView<float> q, ArrayView<float> p, ArrayView<float> m, int masked, ArrayView<float> dc, ArrayView<float> ds, ArrayView<float> dq, int steps, int heads, int width, int headSize, float scale)
    {
        var j = row % steps;
        var h = row / steps % heads;
        var n = row / steps / heads;
        var stride = 3 * width;
        var kAt = (n * steps + j) * stride + width + h * headSize;
        var vAt = kAt + width;
        for (var e = 0; e < headSize; e++)
        {
            var dk = 0f;
            var dv = 0f;
            for (var i = 0; i < steps; i++)
            {
                var at = ((n * heads + h) * steps + i) * steps + j;
                dk += ds[at] * q[(n * steps + i) * stride + h * headSize + e];
                dv += (masked == 0 ? p[at] : p[at] * m[at]) * dc[(n * steps + i) * width + h * headSize + e];
            }

            dq[kAt + e] = dk * scale;
            dq[vAt + e] = dv;
        }
    }
}
