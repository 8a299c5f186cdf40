using Strata.Cpu;
using Strata.Seq2Seq;
using Strata.Training;

namespace Strata.Runtime.Tests.Seq2Seq;

/// <summary>
/// The runtime-only model the declared encoder–decoder replaced (Samples/Dates now declares DateNormaliser), kept as a
/// test oracle written apart from the generator: EncoderDecoderModelTests checks the declared model equals it on the same
/// weights. d2l's encoder–decoder with Bahdanau attention (§11.4), on the CPU: the encoder is an embedding and a GRU over the
/// source (packed by its lengths); the decoder starts from the encoder's final state and, at every step, attends over
/// the encoder's outputs (masked by the source length) with its previous state as the query, feeds [context, embedded
/// token] to its GRU cell (<see cref="AttentionGruCpu"/>), and maps the state to the target vocabulary with a dense layer.
/// Parameters carry d2l's state_dict names (<c>encoder.rnn.weight_ih_l0</c>, <c>decoder.attention.W_q.weight</c>, …).
/// </summary>
/// <remarks>
/// <see cref="ComputeGradients"/> trains with teacher forcing and cross-entropy masked by the target lengths;
/// <see cref="Greedy"/> and <see cref="BeamSearch"/> decode. Not thread-safe: one call at a time.
/// </remarks>
internal sealed class AttentionSeq2Seq
{
    private readonly CpuWorkspace _workspace = new();
    private readonly SequenceCrossEntropy _loss = new();
    private readonly AttentionGruTape _tape = new();
    private readonly Device _cpu = Device.Cpu();

    /// <summary>Builds the model with d2l's <c>init_seq2seq</c> (Xavier-uniform dense and GRU weights, zero biases, N(0, 1) embeddings).</summary>
    public AttentionSeq2Seq(Seq2SeqSizes sizes, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        sizes.Check();
        Sizes = sizes;
        var (e, h, a) = (sizes.Embedding, sizes.Hidden, sizes.Attention);
        var all = new List<Parameter>();
        Parameter P(string name, params int[] shape)
        {
            var parameter = new Parameter(_cpu, name, shape);
            all.Add(parameter);
            return parameter;
        }

        SourceEmbedding = P("encoder.embedding.weight", sizes.SourceVocabulary, e);
        Encoder = new RecurrentWeights(
            P("encoder.rnn.weight_ih_l0", 3 * h, e).Value, P("encoder.rnn.weight_hh_l0", 3 * h, h).Value,
            P("encoder.rnn.bias_ih_l0", 3 * h).Value, P("encoder.rnn.bias_hh_l0", 3 * h).Value);
        var query = P("decoder.attention.W_q.weight", a, h);
        var key = P("decoder.attention.W_k.weight", a, h);
        var score = P("decoder.attention.w_v.weight", 1, a);
        TargetEmbedding = P("decoder.embedding.weight", sizes.TargetVocabulary, e);
        var gru = new RecurrentWeights(
            P("decoder.rnn.weight_ih_l0", 3 * h, h + e).Value, P("decoder.rnn.weight_hh_l0", 3 * h, h).Value,
            P("decoder.rnn.bias_ih_l0", 3 * h).Value, P("decoder.rnn.bias_hh_l0", 3 * h).Value);
        Decoder = new AttentionGruWeights(query.Value, key.Value, score.Value, gru);
        DenseWeight = P("decoder.dense.weight", sizes.TargetVocabulary, h);
        DenseBias = P("decoder.dense.bias", sizes.TargetVocabulary);
        Parameters = all;

        var random = new Random(seed);
        foreach (var parameter in Parameters)
        {
            if (parameter.Name.EndsWith("embedding.weight", StringComparison.Ordinal))
            {
                Initializers.StandardNormal(parameter.Value, random);
            }
            else if (parameter.Shape.Length == 2)
            {
                Initializers.XavierUniform(parameter.Value, random);
            }
        }

        EncoderGradients = Gradients("encoder.rnn.");
        DecoderGradients = new AttentionGruWeights(
            Find("decoder.attention.W_q.weight").Grad, Find("decoder.attention.W_k.weight").Grad, Find("decoder.attention.w_v.weight").Grad,
            Gradients("decoder.rnn."));
    }

    /// <summary>The sizes it was built with.</summary>
    public Seq2SeqSizes Sizes { get; }

    /// <summary>Every parameter in state_dict order: the encoder's, then the decoder's.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    private Parameter SourceEmbedding { get; }

    private Parameter TargetEmbedding { get; }

    private RecurrentWeights Encoder { get; }

    private RecurrentWeights EncoderGradients { get; }

    private AttentionGruWeights Decoder { get; }

    private AttentionGruWeights DecoderGradients { get; }

    private Parameter DenseWeight { get; }

    private Parameter DenseBias { get; }

    /// <summary>
    /// One teacher-forced pass over <paramref name="batch"/>: returns the cross-entropy averaged over the valid target
    /// positions and writes every parameter's gradient (overwriting it).
    /// </summary>
    public float ComputeGradients(Seq2SeqBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (n, s, t) = (batch.Batch, batch.SourceSteps, batch.TargetSteps);
        var (e, h, v) = (Sizes.Embedding, Sizes.Hidden, Sizes.TargetVocabulary);
        var encoder = new RecurrentGeometry(n, s, e, h);
        var options = new RecurrentOptions { Lengths = batch.SourceLengths };
        using var sourceIds = Ids(batch.Source);
        using var targetIds = Ids(batch.TargetInput);
        using var sourceEmbedded = _cpu.Allocate(n, s, e);
        using var memory = _cpu.Allocate(n, s, h);
        using var encoderState = _cpu.Allocate(n, h);
        using var saved = _cpu.Allocate(GruCpu.SavedLength(encoder));
        EmbeddingCpu.Forward(n * s, Sizes.SourceVocabulary, e, sourceIds, SourceEmbedding.Value, sourceEmbedded);
        GruCpu.Forward(encoder, sourceEmbedded, Encoder, memory, saved, _workspace, options, null, encoderState);

        var decoder = Geometry(n, t, s);
        using var targetEmbedded = _cpu.Allocate(n, t, e);
        using var outputs = _cpu.Allocate(n, t, h);
        using var logits = _cpu.Allocate(n, t, v);
        using var dLogits = _cpu.Allocate(n, t, v);
        EmbeddingCpu.Forward(n * t, v, e, targetIds, TargetEmbedding.Value, targetEmbedded);
        AttentionGruCpu.Forward(decoder, targetEmbedded, memory, batch.SourceLengths, batch.TargetLengths, encoderState, Decoder, outputs, _tape, _workspace);
        DenseCpu.Forward<IdentityActivation>(n * t, h, v, outputs, DenseWeight.Value, DenseBias.Value, logits, _workspace);
        var loss = _loss.Compute(logits, batch.TargetOutput, dLogits, batch.TargetLengths);

        using var dOutputs = _cpu.Allocate(n, t, h);
        using var dTargetEmbedded = _cpu.Allocate(n, t, e);
        using var dMemory = _cpu.Allocate(n, s, h);
        using var dEncoderState = _cpu.Allocate(n, h);
        using var dSourceEmbedded = _cpu.Allocate(n, s, e);
        DenseCpu.Backward<IdentityActivation>(n * t, h, v, outputs, DenseWeight.Value, logits, dLogits, dOutputs, DenseWeight.Grad, DenseBias.Grad, _workspace);
        AttentionGruCpu.Backward(
            decoder, memory, batch.SourceLengths, batch.TargetLengths, Decoder, _tape, dOutputs, null, DecoderGradients, _workspace,
            dTargetEmbedded, dMemory, dEncoderState);
        EmbeddingCpu.Backward(n * t, v, e, targetIds, dTargetEmbedded, TargetEmbedding.Grad);
        GruCpu.Backward(encoder, sourceEmbedded, Encoder, saved, dMemory, EncoderGradients, _workspace, options, dEncoderState, dSourceEmbedded);
        EmbeddingCpu.Backward(n * s, Sizes.SourceVocabulary, e, sourceIds, dSourceEmbedded, SourceEmbedding.Grad);
        return loss;
    }

    /// <summary>
    /// Greedy decoding of every source at once: from &lt;bos&gt;, feeds back the most likely token until &lt;eos&gt; or
    /// <paramref name="maxSteps"/> tokens. Returns each output (without &lt;eos&gt;) and its attention weights
    /// [steps decoded][source length], one row per output token and one for &lt;eos&gt; when reached.
    /// </summary>
    public (int[] Tokens, float[][] Attention)[] Greedy(IReadOnlyList<int[]> sources, int bos, int eos, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var n = sources.Count;
        var (memory, state, lengths, s) = Encode(sources);
        using (memory)
        {
            var tokens = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            var attention = Enumerable.Range(0, n).Select(_ => new List<float[]>()).ToArray();
            var done = new bool[n];
            var current = Enumerable.Repeat(bos, n).ToArray();
            for (var step = 0; step < maxSteps && done.Contains(false); step++)
            {
                var (logits, weights) = Step(memory, lengths, s, state, current);
                for (var i = 0; i < n; i++)
                {
                    if (done[i])
                    {
                        continue;
                    }

                    var best = ArgMax(logits.AsSpan(i * Sizes.TargetVocabulary, Sizes.TargetVocabulary));
                    attention[i].Add(weights.AsSpan(i * s, lengths[i]).ToArray());
                    if (best == eos)
                    {
                        done[i] = true;
                        continue;
                    }

                    tokens[i].Add(best);
                    current[i] = best;
                }
            }

            state.Dispose();
            return tokens.Select((list, i) => (list.ToArray(), attention[i].ToArray())).ToArray();
        }
    }

    /// <summary>
    /// Beam search for one source, as d2l describes it: keeps the <paramref name="beamWidth"/> best partial outputs by
    /// summed log-probability; a hypothesis ends at &lt;eos&gt; or after <paramref name="maxSteps"/> tokens; the winner
    /// maximises log P / L^<paramref name="lengthPenalty"/> over the ended ones (L counts &lt;eos&gt;). Width 1 is greedy.
    /// </summary>
    public int[] BeamSearch(int[] source, int bos, int eos, int maxSteps, int beamWidth, double lengthPenalty = 0.75)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(beamWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var v = Sizes.TargetVocabulary;
        var h = Sizes.Hidden;
        var (single, singleState, _, s) = Encode([source]);
        using var memory = _cpu.Allocate(beamWidth, s, h);
        using var state = _cpu.Allocate(beamWidth, h);
        for (var b = 0; b < beamWidth; b++)
        {
            single.Span.CopyTo(memory.Span.Slice(b * s * h, s * h));
            singleState.Span.CopyTo(state.Span.Slice(b * h, h));
        }

        single.Dispose();
        singleState.Dispose();
        var lengths = Enumerable.Repeat(source.Length, beamWidth).ToArray();
        var beams = new List<(int[] Tokens, double Score)> { ([], 0) };
        var ended = new List<(int[] Tokens, double Score)>();
        for (var step = 0; step < maxSteps && beams.Count > 0; step++)
        {
            var current = new int[beamWidth];
            for (var b = 0; b < beamWidth; b++)
            {
                var tokens = beams[Math.Min(b, beams.Count - 1)].Tokens;
                current[b] = tokens.Length == 0 ? bos : tokens[^1];
            }

            var (logits, _) = Step(memory, lengths, s, state, current);
            var candidates = new List<(int Beam, int Token, double Score)>();
            for (var b = 0; b < beams.Count; b++)
            {
                var row = logits.AsSpan(b * v, v);
                var logSum = LogSumExp(row);
                for (var token = 0; token < v; token++)
                {
                    candidates.Add((b, token, beams[b].Score + row[token] - logSum));
                }
            }

            var next = new List<(int[] Tokens, double Score)>();
            var sources = new List<int>();
            foreach (var (beam, token, score) in candidates.OrderByDescending(c => c.Score).Take(beamWidth))
            {
                if (token == eos)
                {
                    ended.Add((beams[beam].Tokens, score));
                    continue;
                }

                next.Add(([.. beams[beam].Tokens, token], score));
                sources.Add(beam);
            }

            if (step == maxSteps - 1)
            {
                ended.AddRange(next);
                next.Clear();
            }

            // The state rows follow their hypotheses.
            var states = state.ToArray();
            for (var b = 0; b < sources.Count; b++)
            {
                states.AsSpan(sources[b] * h, h).CopyTo(state.Span.Slice(b * h, h));
            }

            state.MarkChanged();
            beams = next;
        }

        return ended.OrderByDescending(e => e.Score / Math.Pow(e.Tokens.Length + 1, lengthPenalty)).First().Tokens;
    }

    /// <summary>Runs the encoder over padded sources: the memory [N, S, H], the final states [N, H], the lengths and S.</summary>
    private (Tensor Memory, Tensor State, int[] Lengths, int Steps) Encode(IReadOnlyList<int[]> sources)
    {
        var n = sources.Count;
        if (n == 0 || sources.Any(x => x is null || x.Length == 0))
        {
            throw new ArgumentException("Every source needs at least one token.", nameof(sources));
        }

        var s = sources.Max(x => x.Length);
        var (e, h) = (Sizes.Embedding, Sizes.Hidden);
        var ids = new int[n * s];
        for (var i = 0; i < n; i++)
        {
            sources[i].CopyTo(ids, i * s);
        }

        var lengths = sources.Select(x => x.Length).ToArray();
        using var sourceIds = Ids(ids);
        using var embedded = _cpu.Allocate(n, s, e);
        var memory = _cpu.Allocate(n, s, h);
        var state = _cpu.Allocate(n, h);
        EmbeddingCpu.Forward(n * s, Sizes.SourceVocabulary, e, sourceIds, SourceEmbedding.Value, embedded);
        GruCpu.Forward(new RecurrentGeometry(n, s, e, h), embedded, Encoder, memory, null, _workspace, new RecurrentOptions { Lengths = lengths }, null, state);
        return (memory, state, lengths, s);
    }

    /// <summary>One decoder step for every row: updates <paramref name="state"/> in place; returns the logits [N, V] and the attention [N, S].</summary>
    private (float[] Logits, float[] Attention) Step(Tensor memory, int[] lengths, int s, Tensor state, int[] tokens)
    {
        var n = tokens.Length;
        var (e, h, v) = (Sizes.Embedding, Sizes.Hidden, Sizes.TargetVocabulary);
        using var ids = Ids(tokens);
        using var embedded = _cpu.Allocate(n, 1, e);
        using var output = _cpu.Allocate(n, 1, h);
        using var attention = _cpu.Allocate(n, 1, s);
        using var logits = _cpu.Allocate(n, v);
        EmbeddingCpu.Forward(n, v, e, ids, TargetEmbedding.Value, embedded);
        AttentionGruCpu.Forward(Geometry(n, 1, s), embedded, memory, lengths, null, state, Decoder, output, _tape, _workspace, state, attention);
        DenseCpu.Forward<IdentityActivation>(n, h, v, output, DenseWeight.Value, DenseBias.Value, logits, _workspace);
        return (logits.ToArray(), attention.ToArray());
    }

    private AttentionGruGeometry Geometry(int n, int t, int s) => new(n, t, s, Sizes.Embedding, Sizes.Hidden, Sizes.Hidden, Sizes.Attention);

    private Tensor Ids(int[] ids) => _cpu.FromArray(ids.Select(i => (float)i).ToArray(), ids.Length);

    private Parameter Find(string name) => Parameters.Single(p => p.Name == name);

    private RecurrentWeights Gradients(string prefix) => new(
        Find(prefix + "weight_ih_l0").Grad, Find(prefix + "weight_hh_l0").Grad, Find(prefix + "bias_ih_l0").Grad, Find(prefix + "bias_hh_l0").Grad);

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        var max = double.NegativeInfinity;
        foreach (var value in row)
        {
            max = Math.Max(max, value);
        }

        var sum = 0.0;
        foreach (var value in row)
        {
            sum += Math.Exp(value - max);
        }

        return max + Math.Log(sum);
    }
}
