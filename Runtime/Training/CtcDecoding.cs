namespace Strata.Training;

/// <summary>
/// Reads label sequences out of a CTC model's per-step logits (one row of <c>classes</c> values per step, unnormalised or
/// log-probabilities: both decoders apply log-softmax, which leaves log-probabilities unchanged).
/// <c>Greedy</c> takes the most likely class at each step, merges repeats and drops blanks (best path);
/// <c>BeamSearch</c> is prefix beam search (Hannun et al., 2014), which sums the probability of every alignment of a
/// prefix and so finds label sequences whose probability is spread over many paths, where the best path misses them.
/// </summary>
public static class CtcDecoding
{
    /// <summary>
    /// Best-path decoding of the first <paramref name="length"/> steps of <paramref name="logits"/> (row-major, steps ×
    /// <paramref name="classes"/>): the arg-max class per step (the first on ties), repeats merged, blanks dropped.
    /// </summary>
    public static int[] Greedy(ReadOnlySpan<float> logits, int classes, int length = -1, int blank = 0)
    {
        length = CheckRows(logits, classes, length, blank);
        Span<int> path = length <= 1024 ? stackalloc int[length] : new int[length];
        for (var t = 0; t < length; t++)
        {
            path[t] = ArgMax(logits.Slice(t * classes, classes));
        }

        return Collapse(path, blank);
    }

    /// <summary>The index of the largest value of <paramref name="row"/>, the first on ties (a NaN is never larger).</summary>
    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>A best path (one class per step) read as labels: repeats merged, blanks dropped.</summary>
    internal static int[] Collapse(ReadOnlySpan<int> path, int blank)
    {
        var labels = new List<int>();
        var previous = -1;
        foreach (var best in path)
        {
            if (best != blank && best != previous)
            {
                labels.Add(best);
            }

            previous = best;
        }

        return [.. labels];
    }

    /// <summary>
    /// Greedy decoding of every sequence of a batch of logits [batch, T, classes] (on any device; a GPU tensor is copied
    /// to the host), sequence n over its first <paramref name="lengths"/>[n] steps (all T when lengths is empty).
    /// </summary>
    public static int[][] Greedy(Tensor logits, ReadOnlySpan<int> lengths = default, int blank = 0)
    {
        var (batch, steps, classes, values) = Batch(logits, lengths);
        var result = new int[batch][];
        for (var n = 0; n < batch; n++)
        {
            result[n] = Greedy(values.AsSpan(n * steps * classes, steps * classes), classes, lengths.IsEmpty ? steps : lengths[n], blank);
        }

        return result;
    }

    /// <summary>
    /// Prefix beam search over the first <paramref name="length"/> steps of <paramref name="logits"/> (row-major, steps ×
    /// <paramref name="classes"/>): it keeps the <paramref name="beamWidth"/> most probable label prefixes, each with the
    /// probability of its alignments that end in a blank and of those that end in its last label, extends them by every
    /// class at each step (a repeated label extends the prefix only after a blank) and returns the most probable labelling
    /// (the shorter, then the lexicographically smaller, on an exact tie). A beam width of 1 is not greedy decoding: it
    /// still merges the alignments of the one prefix it keeps.
    /// </summary>
    public static int[] BeamSearch(ReadOnlySpan<float> logits, int classes, int beamWidth, int length = -1, int blank = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beamWidth, 1);
        length = CheckRows(logits, classes, length, blank);
        var logProbabilities = new double[classes];
        var beams = new Dictionary<Prefix, (double Blank, double Label)> { [Prefix.Empty] = (0.0, double.NegativeInfinity) };
        for (var t = 0; t < length; t++)
        {
            LogSpace.Softmax(logits.Slice(t * classes, classes), logProbabilities);
            var next = new Dictionary<Prefix, (double Blank, double Label)>();
            foreach (var (prefix, (endsInBlank, endsInLabel)) in beams)
            {
                var total = LogSpace.Add(endsInBlank, endsInLabel);
                for (var k = 0; k < classes; k++)
                {
                    var p = logProbabilities[k];
                    if (k == blank)
                    {
                        Accumulate(next, prefix, blank: total + p, label: double.NegativeInfinity);
                        continue;
                    }

                    var extended = prefix.Append(k);
                    if (k == prefix.Last)
                    {
                        // The same label again: after a blank it is a new label; straight after itself it merges.
                        Accumulate(next, extended, blank: double.NegativeInfinity, label: endsInBlank + p);
                        Accumulate(next, prefix, blank: double.NegativeInfinity, label: endsInLabel + p);
                    }
                    else
                    {
                        Accumulate(next, extended, blank: double.NegativeInfinity, label: total + p);
                    }
                }
            }

            beams = next.OrderBy(pair => pair.Key, ByProbability(next)).Take(beamWidth).ToDictionary();
        }

        return beams.OrderBy(pair => pair.Key, ByProbability(beams)).First().Key.Labels;
    }

    /// <summary>Prefix beam search over every sequence of a batch [batch, T, classes], as <see cref="Greedy(Tensor, ReadOnlySpan{int}, int)"/>.</summary>
    public static int[][] BeamSearch(Tensor logits, int beamWidth, ReadOnlySpan<int> lengths = default, int blank = 0)
    {
        var (batch, steps, classes, values) = Batch(logits, lengths);
        var result = new int[batch][];
        for (var n = 0; n < batch; n++)
        {
            result[n] = BeamSearch(values.AsSpan(n * steps * classes, steps * classes), classes, beamWidth, lengths.IsEmpty ? steps : lengths[n], blank);
        }

        return result;
    }

    private static IComparer<Prefix> ByProbability(Dictionary<Prefix, (double Blank, double Label)> beams) =>
        Comparer<Prefix>.Create((a, b) =>
        {
            var (pa, pb) = (LogSpace.Add(beams[a].Blank, beams[a].Label), LogSpace.Add(beams[b].Blank, beams[b].Label));
            if (pa != pb)
            {
                return pb.CompareTo(pa);
            }

            return a.Labels.Length != b.Labels.Length
                ? a.Labels.Length.CompareTo(b.Labels.Length)
                : ((ReadOnlySpan<int>)a.Labels).SequenceCompareTo(b.Labels);
        });

    private static void Accumulate(Dictionary<Prefix, (double Blank, double Label)> beams, Prefix prefix, double blank, double label)
    {
        var (b, l) = beams.TryGetValue(prefix, out var old) ? old : (double.NegativeInfinity, double.NegativeInfinity);
        beams[prefix] = (LogSpace.Add(b, blank), LogSpace.Add(l, label));
    }

    private static int CheckRows(ReadOnlySpan<float> logits, int classes, int length, int blank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (logits.Length % classes != 0)
        {
            throw new ArgumentException($"{logits.Length} logits are not whole rows of {classes} classes.", nameof(logits));
        }

        var steps = logits.Length / classes;
        if (length < 0)
        {
            length = steps;
        }

        if (length > steps)
        {
            throw new ArgumentException($"Length {length} is longer than the {steps} steps of the logits.", nameof(length));
        }

        if ((uint)blank >= (uint)classes)
        {
            throw new ArgumentException($"The blank is class {blank}; expected a class in [0, {classes}).", nameof(blank));
        }

        foreach (var value in logits[..(length * classes)])
        {
            if (float.IsNaN(value))
            {
                throw new ArgumentException("The logits hold NaN.", nameof(logits));
            }
        }

        return length;
    }

    private static (int Batch, int Steps, int Classes, float[] Values) Batch(Tensor logits, ReadOnlySpan<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Shape.Length != 3)
        {
            throw new ArgumentException($"Expected logits shaped [batch, steps, classes], got [{string.Join(", ", logits.Shape)}].", nameof(logits));
        }

        var (batch, steps, classes) = (logits.Shape[0], logits.Shape[1], logits.Shape[2]);
        if (!lengths.IsEmpty && lengths.Length != batch)
        {
            throw new ArgumentException($"Expected one length per sequence, {batch}, got {lengths.Length}.", nameof(lengths));
        }

        return (batch, steps, classes, logits.ToArray());
    }



    /// <summary>A label prefix as a value: equal labels, equal prefixes.</summary>
    private readonly record struct Prefix(int[] Labels)
    {
        public static readonly Prefix Empty = new([]);

        public int Last => Labels.Length == 0 ? -1 : Labels[^1];

        public Prefix Append(int label) => new([.. Labels, label]);

        public bool Equals(Prefix other) => ((ReadOnlySpan<int>)Labels).SequenceEqual(other.Labels);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var label in Labels)
            {
                hash.Add(label);
            }

            return hash.ToHashCode();
        }
    }
}
