namespace Strata.Runtime.Tests.Reference;

/// <summary>
/// d2l's encoder–decoder with attention in plain float64, from the reference GRU and attention-GRU: embeddings, the
/// encoder (packed by the source lengths), the decoder from the encoder's final state, the dense layer and the
/// cross-entropy averaged over the valid target positions. The oracle for AttentionSeq2Seq's loss and gradients.
/// </summary>
internal sealed record ReferenceSeq2Seq(int SourceVocabulary, int TargetVocabulary, int Embedding, int Hidden, int Attention)
{
    /// <summary>
    /// The mean loss for parameters <paramref name="p"/> in AttentionSeq2Seq's order (encoder embedding, encoder GRU ×4,
    /// W_q, W_k, w_v, decoder embedding, decoder GRU ×4, dense weight, dense bias).
    /// </summary>
    public double Loss(
        double[][] p, int n, int s, int t, int[] source, int[] sourceLengths, int[] targetInput, int[] targetOutput, int[] targetLengths)
    {
        var (e, h, v) = (Embedding, Hidden, TargetVocabulary);
        var encoded = Embed(p[0], source, e);
        var (memory, state, _) = ReferenceRecurrent.Forward(RecurrentKind.Gru, n, s, e, h, encoded, p[1], p[2], p[3], p[4], null, null, sourceLengths, false);
        var decoded = Embed(p[8], targetInput, e);
        var (y, _, _) = new ReferenceAttentionGru(n, t, s, e, h, h, Attention)
            .Forward(decoded, memory, state, sourceLengths, targetLengths, p[5], p[6], p[7], p[9], p[10], p[11], p[12]);
        var (total, count) = (0.0, 0);
        for (var b = 0; b < n; b++)
        {
            for (var step = 0; step < targetLengths[b]; step++)
            {
                var logits = new double[v];
                for (var k = 0; k < v; k++)
                {
                    logits[k] = p[14][k];
                    for (var j = 0; j < h; j++)
                    {
                        logits[k] += p[13][k * h + j] * y[(b * t + step) * h + j];
                    }
                }

                var max = logits.Max();
                total += Math.Log(logits.Sum(l => Math.Exp(l - max))) + max - logits[targetOutput[b * t + step]];
                count++;
            }
        }

        return total / count;
    }

    private static double[] Embed(double[] table, int[] ids, int width) =>
        ids.SelectMany(id => table.AsSpan(id * width, width).ToArray()).ToArray();
}
