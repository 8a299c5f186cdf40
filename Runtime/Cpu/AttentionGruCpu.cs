namespace Strata.Cpu;

/// <summary>
/// A GRU decoder with additive (Bahdanau) attention inside its recurrence, as d2l's <c>Seq2SeqAttentionDecoder</c>: at
/// each target step t, the query is the previous state h_{t−1}; scores e_s = w_v · tanh(W_q h_{t−1} + W_k m_s) over the
/// memory rows m_s (the encoder's outputs) with s below the sequence's source length; α = softmax(e); context
/// c_t = Σ α_s m_s; then the GRU cell (PyTorch's nn.GRU, gates r, z, n) takes [c_t, x_t] and h_{t−1} to h_t.
/// </summary>
/// <remarks>
/// The attention needs h_{t−1}, so unlike <see cref="GruCpu"/> the input GEMM cannot run over all steps at once: each
/// step runs five small GEMMs (W_q h, W_ih u, W_hh h, and their backward) through <see cref="Gemm"/>, and the GRU's
/// pointwise work through the same <see cref="GruCell"/> as nn.GRU. Steps at or past a sequence's target length leave
/// its state alone and write zero outputs and zero attention weights, as packed sequences do.
/// </remarks>
public static class AttentionGruCpu
{
    private static ActivationEpilogue<IdentityActivation> Identity => default;

    /// <summary>
    /// Runs the decoder over x [N, T, I] with memory [N, S, K], each sequence's valid source length (1..S) in
    /// <paramref name="sourceLengths"/> and target length (0..T) in <paramref name="targetLengths"/> (null: all T).
    /// <paramref name="h0"/> [N, H] (null: zeros) is the initial state, in d2l the encoder's final state. Writes y
    /// [N, T, H], and when given hN [N, H] (each sequence's state after its last valid step) and
    /// <paramref name="attention"/> [N, T, S] (the weights α, for inspection). <paramref name="tape"/> keeps what
    /// <see cref="Backward"/> needs.
    /// </summary>
    public static void Forward(
        AttentionGruGeometry g, Tensor x, Tensor memory, int[] sourceLengths, int[]? targetLengths, Tensor? h0,
        AttentionGruWeights weights, Tensor y, AttentionGruTape tape, CpuWorkspace workspace, Tensor? hN = null,
        Tensor? attention = null)
    {
        Check(g, x, memory, sourceLengths, targetLengths, weights);
        Expect(y, g.Batch * g.TargetSteps * g.Hidden, "y");
        ArgumentNullException.ThrowIfNull(tape);
        tape.Prepare(g);
        var (n, t, s, k, h, a) = (g.Batch, g.TargetSteps, g.SourceSteps, g.MemoryWidth, g.Hidden, g.AttentionHidden);
        var (cellInput, gates) = (g.CellInput, 3 * h);
        var state = n * h;

        // W_k m for every memory row, once.
        Gemm.Multiply(n * s, a, k, memory.Span, k, false, weights.KeyWeight.Span, k, true, tape.Keys.AsSpan(0, n * s * a), a, false, Identity, workspace);
        if (h0 is null)
        {
            tape.States.AsSpan(0, state).Clear();
        }
        else
        {
            Expect(h0, state, "h0");
            h0.Span.CopyTo(tape.States);
        }

        var query = workspace.Get(WorkspaceSlot.AttentionQuery, n * a);
        var inputGates = workspace.Get(WorkspaceSlot.AttentionInputGates, n * gates);
        var hiddenGates = workspace.Get(WorkspaceSlot.AttentionHiddenGates, n * gates);
        var xs = x.Span;
        var ms = memory.Span;
        var ys = y.Span;
        var wv = weights.ScoreWeight.Span;
        var biasIh = weights.Gru.BiasIh.Span;
        var biasHh = weights.Gru.BiasHh.Span;
        for (var step = 0; step < t; step++)
        {
            var previous = tape.States.AsSpan(step * state, state);
            var next = tape.States.AsSpan((step + 1) * state, state);
            var inputs = tape.Inputs.AsSpan(step * n * cellInput, n * cellInput);
            Gemm.Multiply(n, a, h, previous, h, false, weights.QueryWeight.Span, h, true, query.AsSpan(0, n * a), a, false, Identity, workspace);
            for (var sequence = 0; sequence < n; sequence++)
            {
                var row = inputs.Slice(sequence * cellInput, cellInput);
                var alpha = tape.Weights.AsSpan((step * n + sequence) * s, s);
                if (step >= (targetLengths?[sequence] ?? t))
                {
                    row.Clear();
                    alpha.Clear();
                    continue;
                }

                Attend(g, step, sequence, sourceLengths[sequence], query.AsSpan(sequence * a, a), wv, ms, tape, alpha, row[..k]);
                xs.Slice((sequence * t + step) * g.InputSize, g.InputSize).CopyTo(row[k..]);
            }

            Gemm.Multiply(n, gates, cellInput, inputs, cellInput, false, weights.Gru.WeightIh.Span, cellInput, true, inputGates.AsSpan(0, n * gates), gates, false, Identity, workspace);
            Gemm.Multiply(n, gates, h, previous, h, false, weights.Gru.WeightHh.Span, h, true, hiddenGates.AsSpan(0, n * gates), gates, false, Identity, workspace);
            for (var sequence = 0; sequence < n; sequence++)
            {
                var hPrevious = previous.Slice(sequence * h, h);
                var hNext = next.Slice(sequence * h, h);
                var output = ys.Slice((sequence * t + step) * h, h);
                if (step >= (targetLengths?[sequence] ?? t))
                {
                    hPrevious.CopyTo(hNext);
                    output.Clear();
                    continue;
                }

                var gx = inputGates.AsSpan(sequence * gates, gates);
                var gh = hiddenGates.AsSpan(sequence * gates, gates);
                SpanVectors.AddTo(biasIh, gx);
                SpanVectors.AddTo(biasHh, gh);
                GruCell.Forward(gx, h, gh, h, hPrevious, default, hNext, default, tape.Gates.AsSpan((step * n + sequence) * 4 * h, 4 * h), h);
                hNext.CopyTo(output);
            }
        }

        y.MarkChanged();
        if (hN is not null)
        {
            Expect(hN, state, "hN");
            tape.States.AsSpan(t * state, state).CopyTo(hN.Span);
            hN.MarkChanged();
        }

        if (attention is not null)
        {
            Expect(attention, n * t * s, "attention");
            var target = attention.Span;
            for (var sequence = 0; sequence < n; sequence++)
            {
                for (var step = 0; step < t; step++)
                {
                    tape.Weights.AsSpan((step * n + sequence) * s, s).CopyTo(target.Slice((sequence * t + step) * s, s));
                }
            }

            attention.MarkChanged();
        }
    }

    /// <summary>
    /// Backpropagation through a <see cref="Forward"/> call with the same arguments and its <paramref name="tape"/>:
    /// dy [N, T, H] and dhN [N, H] (null: zeros) in; the parameter gradients overwritten in <paramref name="gradients"/>;
    /// dx [N, T, I], dMemory [N, S, K] and dh0 [N, H] overwritten where given.
    /// </summary>
    public static void Backward(
        AttentionGruGeometry g, Tensor memory, int[] sourceLengths, int[]? targetLengths, AttentionGruWeights weights,
        AttentionGruTape tape, Tensor dy, Tensor? dhN, AttentionGruWeights gradients, CpuWorkspace workspace,
        Tensor? dx = null, Tensor? dMemory = null, Tensor? dh0 = null)
    {
        ArgumentNullException.ThrowIfNull(tape);
        if (tape.Geometry != g)
        {
            throw new ArgumentException($"The tape holds a forward pass of {tape.Geometry}, not {g}.", nameof(tape));
        }

        ArgumentNullException.ThrowIfNull(gradients);
        Expect(dy, g.Batch * g.TargetSteps * g.Hidden, "dy");
        var (n, t, s, k, h, a) = (g.Batch, g.TargetSteps, g.SourceSteps, g.MemoryWidth, g.Hidden, g.AttentionHidden);
        var (cellInput, gates, inputSize) = (g.CellInput, 3 * h, g.InputSize);
        var state = n * h;
        foreach (var gradient in new[] { gradients.QueryWeight, gradients.KeyWeight, gradients.ScoreWeight, gradients.Gru.WeightIh, gradients.Gru.WeightHh, gradients.Gru.BiasIh, gradients.Gru.BiasHh })
        {
            gradient.Span.Clear();
        }

        var dh = workspace.Get(WorkspaceSlot.AttentionStateGradient, 2 * state);
        var current = dh.AsSpan(0, state);
        var previousGradient = dh.AsSpan(state, state);
        if (dhN is null)
        {
            current.Clear();
        }
        else
        {
            Expect(dhN, state, "dhN");
            dhN.Span.CopyTo(current);
        }

        var dGatesInput = workspace.Get(WorkspaceSlot.AttentionInputGates, n * gates).AsSpan(0, n * gates);
        var dGatesHidden = workspace.Get(WorkspaceSlot.AttentionHiddenGates, n * gates).AsSpan(0, n * gates);
        var dInputs = workspace.Get(WorkspaceSlot.AttentionInputGradient, n * cellInput).AsSpan(0, n * cellInput);
        var dQuery = workspace.Get(WorkspaceSlot.AttentionQuery, n * a).AsSpan(0, n * a);
        var dKeys = workspace.Get(WorkspaceSlot.AttentionKeyGradient, n * s * a).AsSpan(0, n * s * a);
        var dAlpha = workspace.Get(WorkspaceSlot.AttentionScoreGradient, s).AsSpan(0, s);
        dKeys.Clear();
        var dMemorySpan = dMemory is null ? default : dMemory.Span;
        if (dMemory is not null)
        {
            Expect(dMemory, n * s * k, "dMemory");
            dMemorySpan.Clear();
        }

        var dxSpan = dx is null ? default : dx.Span;
        if (dx is not null)
        {
            Expect(dx, n * t * inputSize, "dx");
        }

        var dys = dy.Span;
        var ms = memory.Span;
        var wv = weights.ScoreWeight.Span;
        var dwv = gradients.ScoreWeight.Span;
        var dBiasIh = gradients.Gru.BiasIh.Span;
        var dBiasHh = gradients.Gru.BiasHh.Span;
        for (var step = t - 1; step >= 0; step--)
        {
            var hPrevious = tape.States.AsSpan(step * state, state);
            var hNext = tape.States.AsSpan((step + 1) * state, state);
            for (var sequence = 0; sequence < n; sequence++)
            {
                var dhRow = current.Slice(sequence * h, h);
                var dhPreviousRow = previousGradient.Slice(sequence * h, h);
                var dGi = dGatesInput.Slice(sequence * gates, gates);
                var dGh = dGatesHidden.Slice(sequence * gates, gates);
                if (step >= (targetLengths?[sequence] ?? t))
                {
                    dGi.Clear();
                    dGh.Clear();
                    dhRow.CopyTo(dhPreviousRow);
                    continue;
                }

                SpanVectors.AddTo(dys.Slice((sequence * t + step) * h, h), dhRow);
                GruCell.Backward(
                    dhRow, default, tape.Gates.AsSpan((step * n + sequence) * 4 * h, 4 * h), hNext.Slice(sequence * h, h),
                    hPrevious.Slice(sequence * h, h), default, default, dGi, dGh, h, dhPreviousRow);
                SpanVectors.AddTo(dGi, dBiasIh);
                SpanVectors.AddTo(dGh, dBiasHh);
            }

            var inputs = tape.Inputs.AsSpan(step * n * cellInput, n * cellInput);
            Gemm.Multiply(gates, cellInput, n, dGatesInput, gates, true, inputs, cellInput, false, gradients.Gru.WeightIh.Span, cellInput, true, Identity, workspace);
            Gemm.Multiply(gates, h, n, dGatesHidden, gates, true, hPrevious, h, false, gradients.Gru.WeightHh.Span, h, true, Identity, workspace);
            Gemm.Multiply(n, cellInput, gates, dGatesInput, gates, false, weights.Gru.WeightIh.Span, cellInput, false, dInputs, cellInput, false, Identity, workspace);
            Gemm.Multiply(n, h, gates, dGatesHidden, gates, false, weights.Gru.WeightHh.Span, h, false, previousGradient, h, true, Identity, workspace);
            for (var sequence = 0; sequence < n; sequence++)
            {
                var dQueryRow = dQuery.Slice(sequence * a, a);
                dQueryRow.Clear();
                var dInput = dInputs.Slice(sequence * cellInput, cellInput);
                if (dx is not null)
                {
                    dInput[k..].CopyTo(dxSpan.Slice((sequence * t + step) * inputSize, inputSize));
                }

                if (step >= (targetLengths?[sequence] ?? t))
                {
                    continue;
                }

                var length = sourceLengths[sequence];
                var alpha = tape.Weights.AsSpan((step * n + sequence) * s, s);
                var dContext = dInput[..k];
                var sum = 0f;
                for (var source = 0; source < length; source++)
                {
                    var row = (sequence * s + source) * k;
                    var dot = Dot(dContext, ms.Slice(row, k));
                    dAlpha[source] = dot;
                    sum += alpha[source] * dot;
                    if (dMemory is not null)
                    {
                        Axpy(alpha[source], dContext, dMemorySpan.Slice(row, k));
                    }
                }

                for (var source = 0; source < length; source++)
                {
                    var dScore = alpha[source] * (dAlpha[source] - sum);
                    var features = tape.Features.AsSpan(((step * n + sequence) * s + source) * a, a);
                    var dKeyRow = dKeys.Slice((sequence * s + source) * a, a);
                    for (var j = 0; j < a; j++)
                    {
                        var f = features[j];
                        dwv[j] += dScore * f;
                        var dPre = dScore * wv[j] * (1 - f * f);
                        dQueryRow[j] += dPre;
                        dKeyRow[j] += dPre;
                    }
                }
            }

            Gemm.Multiply(a, h, n, dQuery, a, true, hPrevious, h, false, gradients.QueryWeight.Span, h, true, Identity, workspace);
            Gemm.Multiply(n, h, a, dQuery, a, false, weights.QueryWeight.Span, h, false, previousGradient, h, true, Identity, workspace);
            var swap = current;
            current = previousGradient;
            previousGradient = swap;
        }

        Gemm.Multiply(a, k, n * s, dKeys, a, true, ms, k, false, gradients.KeyWeight.Span, k, false, Identity, workspace);
        if (dMemory is not null)
        {
            Gemm.Multiply(n * s, k, a, dKeys, a, false, weights.KeyWeight.Span, k, false, dMemorySpan, k, true, Identity, workspace);
            dMemory.MarkChanged();
        }

        if (dh0 is not null)
        {
            Expect(dh0, state, "dh0");
            current.CopyTo(dh0.Span);
            dh0.MarkChanged();
        }

        dx?.MarkChanged();
        foreach (var gradient in new[] { gradients.QueryWeight, gradients.KeyWeight, gradients.ScoreWeight, gradients.Gru.WeightIh, gradients.Gru.WeightHh, gradients.Gru.BiasIh, gradients.Gru.BiasHh })
        {
            gradient.MarkChanged();
        }
    }

    /// <summary>Additive attention for one sequence at one step: α over the first <paramref name="length"/> rows, and the context.</summary>
    private static void Attend(
        AttentionGruGeometry g, int step, int sequence, int length, ReadOnlySpan<float> query, ReadOnlySpan<float> wv,
        ReadOnlySpan<float> memory, AttentionGruTape tape, Span<float> alpha, Span<float> context)
    {
        var (n, s, k, a) = (g.Batch, g.SourceSteps, g.MemoryWidth, g.AttentionHidden);
        var max = float.NegativeInfinity;
        for (var source = 0; source < length; source++)
        {
            var keys = tape.Keys.AsSpan((sequence * s + source) * a, a);
            var features = tape.Features.AsSpan(((step * n + sequence) * s + source) * a, a);
            var score = 0f;
            for (var j = 0; j < a; j++)
            {
                var f = MathF.Tanh(query[j] + keys[j]);
                features[j] = f;
                score += wv[j] * f;
            }

            alpha[source] = score;
            max = MathF.Max(max, score);
        }

        var total = 0f;
        for (var source = 0; source < length; source++)
        {
            alpha[source] = MathF.Exp(alpha[source] - max);
            total += alpha[source];
        }

        alpha[length..].Clear();
        context.Clear();
        for (var source = 0; source < length; source++)
        {
            alpha[source] /= total;
            Axpy(alpha[source], memory.Slice((sequence * s + source) * k, k), context);
        }
    }

    private static float Dot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        var sum = 0f;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    private static void Axpy(float scale, ReadOnlySpan<float> source, Span<float> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] += scale * source[i];
        }
    }

    private static void Check(
        AttentionGruGeometry g, Tensor x, Tensor memory, int[] sourceLengths, int[]? targetLengths, AttentionGruWeights weights)
    {
        g.Check();
        Expect(x, g.Batch * g.TargetSteps * g.InputSize, "x");
        Expect(memory, g.Batch * g.SourceSteps * g.MemoryWidth, "memory");
        Expect(weights.QueryWeight, g.AttentionHidden * g.Hidden, "W_q");
        Expect(weights.KeyWeight, g.AttentionHidden * g.MemoryWidth, "W_k");
        Expect(weights.ScoreWeight, g.AttentionHidden, "w_v");
        Expect(weights.Gru.WeightIh, 3 * g.Hidden * g.CellInput, "weight_ih");
        Expect(weights.Gru.WeightHh, 3 * g.Hidden * g.Hidden, "weight_hh");
        Expect(weights.Gru.BiasIh, 3 * g.Hidden, "bias_ih");
        Expect(weights.Gru.BiasHh, 3 * g.Hidden, "bias_hh");
        if (sourceLengths is null || sourceLengths.Length != g.Batch || sourceLengths.Any(l => l < 1 || l > g.SourceSteps))
        {
            throw new ArgumentException($"Source lengths must be {g.Batch} values in 1..{g.SourceSteps}.", nameof(sourceLengths));
        }

        if (targetLengths is not null && (targetLengths.Length != g.Batch || targetLengths.Any(l => l < 0 || l > g.TargetSteps)))
        {
            throw new ArgumentException($"Target lengths must be {g.Batch} values in 0..{g.TargetSteps}.", nameof(targetLengths));
        }
    }

    private static void Expect(Tensor tensor, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.Device.IsGpu)
        {
            throw new ArgumentException($"{name} must live on the CPU.", name);
        }

        if (tensor.Length != length)
        {
            throw new ArgumentException($"{name} must hold {length} values, got {tensor.Length} ([{string.Join(", ", tensor.Shape)}]).", name);
        }
    }
}
