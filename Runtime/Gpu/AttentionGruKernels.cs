using ILGPU;
using ILGPU.Algorithms;

namespace Strata.Gpu;

/// <summary>
/// The attention half of an attention-GRU step (<see cref="AttentionGruGpu"/>), one thread per sequence or per output
/// value; the math of <see cref="Cpu.AttentionGruCpu"/>. The GEMMs and the GRU cell run on the shared kernels.
/// </summary>
internal static class AttentionGruKernels
{
    /// <summary>One thread per sequence: the tanh features, the scores w_v · f masked by the source length, and α = softmax.</summary>
    public static void Attend(Index1D index, AttentionGruStepArguments a)
    {
        int n = index;
        var (s, width) = (a.SourceSteps, a.AttentionHidden);
        var row = (a.Step * a.Batch + n) * s;
        var length = a.Step < a.TargetLengths[n] ? a.SourceLengths[n] : 0;
        var max = float.NegativeInfinity;
        for (var source = 0; source < length; source++)
        {
            var score = 0f;
            var keys = (n * s + source) * width;
            var features = (row + source) * width;
            for (var j = 0; j < width; j++)
            {
                var f = XMath.Tanh(a.Query[n * width + j] + a.Keys[keys + j]);
                a.Features[features + j] = f;
                score += a.ScoreWeight[j] * f;
            }

            a.Weights[row + source] = score;
            max = XMath.Max(max, score);
        }

        var total = 0f;
        for (var source = 0; source < length; source++)
        {
            var e = XMath.Exp(a.Weights[row + source] - max);
            a.Weights[row + source] = e;
            total += e;
        }

        for (var source = 0; source < s; source++)
        {
            a.Weights[row + source] = source < length ? a.Weights[row + source] / total : 0f;
        }
    }

    /// <summary>One thread per cell-input value: [Σ_s α_s m_s, x_t], zero at steps past the target length.</summary>
    public static void Inputs(Index1D index, AttentionGruStepArguments a)
    {
        var (k, cellInput) = (a.MemoryWidth, a.MemoryWidth + a.InputSize);
        var (n, c) = (index / cellInput, index % cellInput);
        var target = (a.Step * a.Batch + n) * cellInput + c;
        if (a.Step >= a.TargetLengths[n])
        {
            a.Inputs[target] = 0;
            return;
        }

        if (c >= k)
        {
            a.Inputs[target] = a.X[(n * a.TargetSteps + a.Step) * a.InputSize + c - k];
            return;
        }

        var (length, row) = (a.SourceLengths[n], (a.Step * a.Batch + n) * a.SourceSteps);
        var context = 0f;
        for (var source = 0; source < length; source++)
        {
            context += a.Weights[row + source] * a.Memory[(n * a.SourceSteps + source) * k + c];
        }

        a.Inputs[target] = context;
    }

    /// <summary>One thread per sequence: ∂L/∂e_s = α_s (∂L/∂α_s − Σ α ∂L/∂α) with ∂L/∂α_s = ∂L/∂c · m_s; zero where masked.</summary>
    public static void ScoresBackward(Index1D index, AttentionGruStepArguments a)
    {
        int n = index;
        var (s, k, cellInput) = (a.SourceSteps, a.MemoryWidth, a.MemoryWidth + a.InputSize);
        var row = (a.Step * a.Batch + n) * s;
        var length = a.Step < a.TargetLengths[n] ? a.SourceLengths[n] : 0;
        var sum = 0f;
        for (var source = 0; source < length; source++)
        {
            var dot = 0f;
            for (var c = 0; c < k; c++)
            {
                dot += a.DInputs[n * cellInput + c] * a.Memory[(n * s + source) * k + c];
            }

            a.DScores[n * s + source] = dot;
            sum += a.Weights[row + source] * dot;
        }

        for (var source = 0; source < s; source++)
        {
            a.DScores[n * s + source] = source < length ? a.Weights[row + source] * (a.DScores[n * s + source] - sum) : 0f;
        }
    }

    /// <summary>
    /// One thread per (sequence, attention feature j): through f = tanh(q + k), ∂L/∂q_j of this step, ∂L/∂k_sj added
    /// to the key gradients, and this step's share of ∂L/∂w_v_j.
    /// </summary>
    public static void FeaturesBackward(Index1D index, AttentionGruStepArguments a)
    {
        var (width, s) = (a.AttentionHidden, a.SourceSteps);
        var (n, j) = (index / width, index % width);
        var query = (a.Step * a.Batch + n) * width + j;
        var length = a.Step < a.TargetLengths[n] ? a.SourceLengths[n] : 0;
        var (dq, dv, wv) = (0f, 0f, a.ScoreWeight[j]);
        for (var source = 0; source < length; source++)
        {
            var dScore = a.DScores[n * s + source];
            var f = a.Features[((a.Step * a.Batch + n) * s + source) * width + j];
            dv += dScore * f;
            var dPre = dScore * wv * (1 - f * f);
            dq += dPre;
            a.DKeys[(n * s + source) * width + j] += dPre;
        }

        a.DQuery[query] = dq;
        a.DScoreParts[query] = dv;
    }

    /// <summary>One thread per memory value: ∂L/∂m_sc += α_s ∂L/∂c_c (the values' path; the keys' path comes at the end).</summary>
    public static void MemoryBackward(Index1D index, AttentionGruStepArguments a)
    {
        var (s, k) = (a.SourceSteps, a.MemoryWidth);
        var (n, source, c) = (index / (s * k), index / k % s, index % k);
        if (a.Step >= a.TargetLengths[n] || source >= a.SourceLengths[n])
        {
            return;
        }

        a.DMemory[index] += a.Weights[(a.Step * a.Batch + n) * s + source] * a.DInputs[n * (k + a.InputSize) + c];
    }

    /// <summary>One thread per input value: ∂L/∂x_t, the cell-input gradient's columns after the context.</summary>
    public static void InputBackward(Index1D index, AttentionGruStepArguments a)
    {
        var (n, i) = (index / a.InputSize, index % a.InputSize);
        a.Dx[(n * a.TargetSteps + a.Step) * a.InputSize + i] = a.DInputs[n * (a.MemoryWidth + a.InputSize) + a.MemoryWidth + i];
    }

    /// <summary>One thread per value of attention [N, T, S], from the tape's [T, N, S].</summary>
    public static void AttentionOut(Index1D index, ArrayView<float> weights, ArrayView<float> attention, int batch, int steps, int sourceSteps)
    {
        var (n, t, source) = (index / (steps * sourceSteps), index / sourceSteps % steps, index % sourceSteps);
        attention[index] = weights[(t * batch + n) * sourceSteps + source];
    }
}
