using Strata.Training;

namespace Strata.Seq2Seq;

/// <summary>
/// Greedy and beam-search decoding on a declared encoder–decoder (<see cref="IEncoderDecoderModel"/>: source token ids
/// first, the target prefix second, logits over the target vocabulary out). Each step runs the model in evaluation on
/// the whole prefix so far and reads its last step: the decoder is causal, so the last step's logits are those of a
/// step-by-step decoder (each step costs a forward over the prefix, which is cheap for short outputs).
/// </summary>
public static class Seq2SeqDecoding
{
    /// <summary>
    /// Greedy decoding of every source at once: from &lt;bos&gt;, feeds back the most likely token until &lt;eos&gt; or
    /// <paramref name="maxSteps"/> tokens. Returns each output (without &lt;eos&gt;) and its attention weights
    /// [steps decoded][source length] (from <see cref="IEncoderDecoderModel.LastAttention"/>; empty rows when the model
    /// has no attention layer), one row per output token and one for &lt;eos&gt; when reached.
    /// </summary>
    public static (int[] Tokens, float[][] Attention)[] Greedy(IEncoderDecoderModel model, IReadOnlyList<int[]> sources, int bos, int eos, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var (source, lengths, s) = Pad(sources);
        var n = sources.Count;
        var tokens = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var attention = Enumerable.Range(0, n).Select(_ => new List<float[]>()).ToArray();
        var done = new bool[n];
        var prefixes = Enumerable.Range(0, n).Select(_ => new List<int> { bos }).ToArray();
        using var mode = new Evaluation(model);
        using var sourceTensor = EncoderDecoderTraining.Ids(model.Device, source, n, s);
        for (var step = 0; step < maxSteps && done.Contains(false); step++)
        {
            var (logits, weights, v) = Step(model, sourceTensor, lengths, prefixes, s);
            for (var i = 0; i < n; i++)
            {
                if (done[i])
                {
                    prefixes[i].Add(eos);
                    continue;
                }

                var best = ArgMax(logits.AsSpan(i * v, v));
                attention[i].Add(weights is null ? [] : weights.AsSpan(((i * (step + 1)) + step) * s, lengths[i]).ToArray());
                prefixes[i].Add(best);
                if (best == eos)
                {
                    done[i] = true;
                    continue;
                }

                tokens[i].Add(best);
            }
        }

        return tokens.Select((list, i) => (list.ToArray(), attention[i].ToArray())).ToArray();
    }

    /// <summary>
    /// Beam search for one source, as d2l describes it: keeps the <paramref name="beamWidth"/> best partial outputs by
    /// summed log-probability; a hypothesis ends at &lt;eos&gt; or after <paramref name="maxSteps"/> tokens; the winner
    /// maximises log P / L^<paramref name="lengthPenalty"/> over the ended ones (L counts &lt;eos&gt;). Width 1 is greedy.
    /// </summary>
    public static int[] BeamSearch(IEncoderDecoderModel model, int[] source, int bos, int eos, int maxSteps, int beamWidth, double lengthPenalty = 0.75)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(beamWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var beams = new List<(int[] Tokens, double Score)> { ([], 0) };
        var ended = new List<(int[] Tokens, double Score)>();
        using var mode = new Evaluation(model);
        for (var step = 0; step < maxSteps && beams.Count > 0; step++)
        {
            var (padded, lengths, s) = Pad(beams.Select(_ => source).ToList());
            using var sourceTensor = EncoderDecoderTraining.Ids(model.Device, padded, beams.Count, s);
            var prefixes = beams.Select(b => new List<int> { bos }.Concat(b.Tokens).ToList()).ToArray();
            var (logits, _, v) = Step(model, sourceTensor, lengths, prefixes, s);
            var candidates = new List<(int Beam, int Token, double Score)>();
            for (var b = 0; b < beams.Count; b++)
            {
                var row = logits.AsSpan(b * v, v);
                var logSum = LogSpace.LogSumExp(row);
                for (var token = 0; token < v; token++)
                {
                    candidates.Add((b, token, beams[b].Score + row[token] - logSum));
                }
            }

            var next = new List<(int[] Tokens, double Score)>();
            foreach (var (beam, token, score) in candidates.OrderByDescending(c => c.Score).Take(beamWidth))
            {
                if (token == eos)
                {
                    ended.Add((beams[beam].Tokens, score));
                    continue;
                }

                next.Add(([.. beams[beam].Tokens, token], score));
            }

            if (step == maxSteps - 1)
            {
                ended.AddRange(next);
                next.Clear();
            }

            beams = next;
        }

        return ended.OrderByDescending(e => e.Score / Math.Pow(e.Tokens.Length + 1, lengthPenalty)).First().Tokens;
    }

    /// <summary>One forward over every prefix (all equally long): the last step's logits [N, V], the attention [N, T, S] or null, and V.</summary>
    private static (float[] Logits, float[]? Attention, int Vocabulary) Step(
        IEncoderDecoderModel model, Tensor source, int[] lengths, IReadOnlyList<List<int>> prefixes, int s)
    {
        var n = prefixes.Count;
        var t = prefixes[0].Count;
        using var target = EncoderDecoderTraining.Ids(model.Device, prefixes.SelectMany(p => p).ToArray(), n, t);
        var output = model.Forward(source, lengths, target, null);
        var v = output.Shape[^1];
        var all = output.ToArray();
        var last = new float[n * v];
        for (var i = 0; i < n; i++)
        {
            all.AsSpan((i * t + t - 1) * v, v).CopyTo(last.AsSpan(i * v, v));
        }

        var attention = model.LastAttention?.ToArray();
        if (attention is not null && attention.Length != n * t * s)
        {
            throw new InvalidOperationException($"The attention holds {attention.Length} values, not [{n}, {t}, {s}].");
        }

        return (last, attention, v);
    }

    private static (int[] Ids, int[] Lengths, int Steps) Pad(IReadOnlyList<int[]> sources)
    {
        if (sources.Count == 0 || sources.Any(x => x is null || x.Length == 0))
        {
            throw new ArgumentException("Every source needs at least one token.", nameof(sources));
        }

        var s = sources.Max(x => x.Length);
        var ids = new int[sources.Count * s];
        for (var i = 0; i < sources.Count; i++)
        {
            sources[i].CopyTo(ids, i * s);
        }

        return (ids, sources.Select(x => x.Length).ToArray(), s);
    }

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

    /// <summary>Puts the model in evaluation for a decode and back in training afterwards if it was.</summary>
    private readonly struct Evaluation : IDisposable
    {
        private readonly IModel _model;
        private readonly bool _wasTraining;

        public Evaluation(IModel model)
        {
            _model = model;
            _wasTraining = model.IsTraining;
            model.Eval();
        }

        public void Dispose()
        {
            if (_wasTraining)
            {
                _model.Train();
            }
        }
    }
}
