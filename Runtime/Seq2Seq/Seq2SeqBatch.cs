namespace Strata.Seq2Seq;

/// <summary>
/// A padded batch for teacher forcing: source tokens [N, S] with each source length (1..S), the decoder's input
/// (the target shifted right behind &lt;bos&gt;) and its output (the target then &lt;eos&gt;), both [N, T], with each target
/// length (1..T). Padding positions hold any valid token id (0 by convention).
/// </summary>
public sealed record Seq2SeqBatch(
    int Batch, int SourceSteps, int TargetSteps, int[] Source, int[] SourceLengths, int[] TargetInput, int[] TargetOutput,
    int[] TargetLengths)
{
    /// <summary>
    /// Pads <paramref name="sources"/> and <paramref name="targets"/> (token ids without &lt;bos&gt; and &lt;eos&gt;) into a batch:
    /// the decoder reads [bos, y₀, …, y_{L−1}] and must produce [y₀, …, y_{L−1}, eos].
    /// </summary>
    public static Seq2SeqBatch Create(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, int bos, int eos)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        if (sources.Count == 0 || sources.Count != targets.Count)
        {
            throw new ArgumentException($"A batch needs as many targets as sources, at least one; got {sources.Count} and {targets.Count}.");
        }

        var n = sources.Count;
        if (sources.Any(s => s.Length == 0))
        {
            throw new ArgumentException("Every source needs at least one token.", nameof(sources));
        }

        var s = sources.Max(x => x.Length);
        var t = targets.Max(x => x.Length) + 1;
        var (source, input, output) = (new int[n * s], new int[n * t], new int[n * t]);
        var (sourceLengths, targetLengths) = (new int[n], new int[n]);
        for (var i = 0; i < n; i++)
        {
            sources[i].CopyTo(source, i * s);
            sourceLengths[i] = sources[i].Length;
            var target = targets[i];
            targetLengths[i] = target.Length + 1;
            input[i * t] = bos;
            target.CopyTo(input, i * t + 1);
            target.CopyTo(output, i * t);
            output[i * t + target.Length] = eos;
        }

        return new Seq2SeqBatch(n, s, t, source, sourceLengths, input, output, targetLengths);
    }
}
