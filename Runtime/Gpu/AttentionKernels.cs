using ILGPU;
using ILGPU.Algorithms;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// The attention kernels, with the formulas and summation order of <see cref="Cpu.AttentionCpu"/>: queries from the
/// packed projections <c>q</c> [N, Tq, 3d], keys and values from <c>kv</c> [N, Tk, 3d] (one view for self-attention).
/// <c>masked</c> 1 applies the attention-dropout mask <c>m</c> [N, heads, Tq, Tk] to the weights where they meet the
/// values; 0 ignores <c>m</c> (any view).
/// </summary>
internal static class AttentionKernels
{
    /// <summary>One thread per (sample, head, query step): scores over the valid keys, softmax into P, and the context.</summary>
    public static void Forward(
        Index1D row, ArrayView<float> q, ArrayView<float> kv, ArrayView<float> p, ArrayView<float> m, int masked, ArrayView<float> c, ArrayView<int> lengths,
        AttentionSizes s)
    {
        var i = row % s.Queries;
        var h = row / s.Queries % s.Heads;
        var n = row / s.Queries / s.Heads;
        var valid = lengths[n];
        var qAt = s.Query(n, h, i);
        var pAt = s.Weights(n, h, i);
        var max = float.NegativeInfinity;
        for (var j = 0; j < valid; j++)
        {
            var kAt = s.Key(n, h, j);
            var dot = 0f;
            for (var e = 0; e < s.HeadSize; e++)
            {
                dot += q[qAt + e] * kv[kAt + e];
            }

            var score = dot * s.Scale;
            p[pAt + j] = score;
            max = XMath.Max(max, score);
        }

        var sum = 0f;
        for (var j = 0; j < valid; j++)
        {
            var e = XMath.Exp(p[pAt + j] - max);
            p[pAt + j] = e;
            sum += e;
        }

        for (var j = 0; j < s.Keys; j++)
        {
            p[pAt + j] = j < valid ? p[pAt + j] / sum : 0f;
        }

        var cAt = s.Context(n, h, i);
        for (var e = 0; e < s.HeadSize; e++)
        {
            var total = 0f;
            for (var j = 0; j < valid; j++)
            {
                total += (masked == 0 ? p[pAt + j] : p[pAt + j] * m[pAt + j]) * kv[s.Key(n, h, j) + s.Width + e];
            }

            c[cAt + e] = total;
        }
    }

    /// <summary>One thread per (sample, head, query step): dS = P ⊙ (dP − Σ P·dP) with dP = (dc · vᵀ) ⊙ m, and dq = scale · dS · k.</summary>
    public static void QueryGradient(
        Index1D row, ArrayView<float> q, ArrayView<float> kv, ArrayView<float> p, ArrayView<float> m, int masked, ArrayView<float> dc, ArrayView<float> ds,
        ArrayView<float> dq, AttentionSizes s)
    {
        var i = row % s.Queries;
        var h = row / s.Queries % s.Heads;
        var n = row / s.Queries / s.Heads;
        var pAt = s.Weights(n, h, i);
        var cAt = s.Context(n, h, i);
        var weighted = 0f;
        for (var j = 0; j < s.Keys; j++)
        {
            var vAt = s.Key(n, h, j) + s.Width;
            var dot = 0f;
            for (var e = 0; e < s.HeadSize; e++)
            {
                dot += dc[cAt + e] * kv[vAt + e];
            }

            if (masked != 0)
            {
                dot *= m[pAt + j];
            }

            ds[pAt + j] = dot;
            weighted += p[pAt + j] * dot;
        }

        for (var j = 0; j < s.Keys; j++)
        {
            ds[pAt + j] = p[pAt + j] * (ds[pAt + j] - weighted);
        }

        var qAt = s.Query(n, h, i);
        for (var e = 0; e < s.HeadSize; e++)
        {
            var total = 0f;
            for (var j = 0; j < s.Keys; j++)
            {
                total += ds[pAt + j] * kv[s.Key(n, h, j) + e];
            }

            dq[qAt + e] = total * s.Scale;
        }
    }

    /// <summary>One thread per (sample, head, key step): dk = scale · Σ_i dS_ij q_i and dv = Σ_i P_ij m_ij dc_i.</summary>
    public static void KeyGradient(
        Index1D row, ArrayView<float> q, ArrayView<float> p, ArrayView<float> m, int masked, ArrayView<float> dc, ArrayView<float> ds, ArrayView<float> dkv,
        AttentionSizes s)
    {
        var j = row % s.Keys;
        var h = row / s.Keys % s.Heads;
        var n = row / s.Keys / s.Heads;
        var kAt = s.Key(n, h, j);
        var vAt = kAt + s.Width;
        for (var e = 0; e < s.HeadSize; e++)
        {
            var dk = 0f;
            var dv = 0f;
            for (var i = 0; i < s.Queries; i++)
            {
                var at = s.Weights(n, h, i) + j;
                dk += ds[at] * q[s.Query(n, h, i) + e];
                dv += (masked == 0 ? p[at] : p[at] * m[at]) * dc[s.Context(n, h, i) + e];
            }

            dkv[kAt + e] = dk * s.Scale;
            dkv[vAt + e] = dv;
        }
    }
}
