namespace Strata.Training;

/// <summary>The Levenshtein distance between label sequences, for the character error rate of a sequence recogniser.</summary>
public static class EditDistance
{
    /// <summary>
    /// The fewest insertions, deletions and substitutions that turn <paramref name="hypothesis"/> into
    /// <paramref name="reference"/>.
    /// </summary>
    public static int Between(ReadOnlySpan<int> reference, ReadOnlySpan<int> hypothesis)
    {
        Span<int> row = reference.Length < 256 ? stackalloc int[reference.Length + 1] : new int[reference.Length + 1];
        for (var i = 0; i <= reference.Length; i++)
        {
            row[i] = i;
        }

        for (var j = 1; j <= hypothesis.Length; j++)
        {
            var diagonal = row[0];
            row[0] = j;
            for (var i = 1; i <= reference.Length; i++)
            {
                var above = row[i];
                row[i] = Math.Min(Math.Min(row[i] + 1, row[i - 1] + 1), diagonal + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[reference.Length];
    }
}
