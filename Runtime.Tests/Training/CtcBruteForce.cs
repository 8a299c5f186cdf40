namespace Strata.Runtime.Tests.Training;

/// <summary>
/// CTC by definition, in float64: the probability of a label sequence is the sum, over every one of the classes^T paths,
/// of the product of the per-step softmax probabilities of the paths that collapse to it (merge repeats, drop blanks).
/// No recursion, no log space: the oracle for <see cref="Strata.Training.CtcLoss"/> and the decoders on tiny cases.
/// </summary>
internal static class CtcBruteForce
{
    /// <summary>The per-step softmax of row-major [steps, classes] logits.</summary>
    public static double[] Softmax(ReadOnlySpan<double> logits, int classes)
    {
        var probabilities = new double[logits.Length];
        for (var t = 0; t < logits.Length / classes; t++)
        {
            var sum = 0.0;
            for (var k = 0; k < classes; k++)
            {
                sum += Math.Exp(logits[t * classes + k]);
            }

            for (var k = 0; k < classes; k++)
            {
                probabilities[t * classes + k] = Math.Exp(logits[t * classes + k]) / sum;
            }
        }

        return probabilities;
    }

    /// <summary>Every path over the first <paramref name="steps"/> rows, its collapse and its probability.</summary>
    public static IEnumerable<(int[] Labels, double Probability)> Paths(double[] probabilities, int classes, int steps, int blank)
    {
        var path = new int[steps];
        var count = (long)Math.Pow(classes, steps);
        for (long code = 0; code < count; code++)
        {
            var rest = code;
            var probability = 1.0;
            for (var t = 0; t < steps; t++)
            {
                path[t] = (int)(rest % classes);
                rest /= classes;
                probability *= probabilities[t * classes + path[t]];
            }

            yield return (Collapse(path, blank), probability);
        }
    }

    /// <summary>−log p(labels) over the first <paramref name="steps"/> rows of the logits (+∞ when no path collapses to them).</summary>
    public static double Loss(ReadOnlySpan<double> logits, int classes, int steps, int[] labels, int blank)
    {
        var probabilities = Softmax(logits, classes);
        var total = Paths(probabilities, classes, steps, blank).Where(p => p.Labels.SequenceEqual(labels)).Sum(p => p.Probability);
        return -Math.Log(total);
    }

    /// <summary>The label sequence of highest total probability (the exact answer prefix beam search approximates).</summary>
    public static int[] MostProbable(double[] probabilities, int classes, int blank)
    {
        var totals = new Dictionary<string, (int[] Labels, double Probability)>();
        foreach (var (labels, probability) in Paths(probabilities, classes, probabilities.Length / classes, blank))
        {
            var key = string.Join(",", labels);
            totals[key] = (labels, (totals.TryGetValue(key, out var old) ? old.Probability : 0) + probability);
        }

        return totals.Values.MaxBy(v => v.Probability).Labels;
    }

    private static int[] Collapse(int[] path, int blank)
    {
        var labels = new List<int>();
        for (var t = 0; t < path.Length; t++)
        {
            if (path[t] != blank && (t == 0 || path[t] != path[t - 1]))
            {
                labels.Add(path[t]);
            }
        }

        return [.. labels];
    }
}
