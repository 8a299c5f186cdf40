using Strata.Data;

namespace Strata.Samples;

/// <summary>Picks the samples of some digits out of a 10-class digit set, relabelled from 0.</summary>
public static class DigitSubset
{
    /// <summary>
    /// The samples of <paramref name="data"/> labelled <paramref name="first"/> to <paramref name="first"/> +
    /// <paramref name="count"/> − 1, in order, at most <paramref name="limit"/> of them, labelled 0 to count − 1.
    /// </summary>
    public static Dataset Of(Dataset data, int first, int count, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var indices = Enumerable.Range(0, data.Count)
            .Where(i => data.Label(i) >= first && data.Label(i) < first + count)
            .Take(limit)
            .ToArray();
        var features = new float[indices.Length * data.SampleSize];
        var labels = new int[indices.Length];
        for (var n = 0; n < indices.Length; n++)
        {
            data.Sample(indices[n]).CopyTo(features.AsSpan(n * data.SampleSize, data.SampleSize));
            labels[n] = data.Label(indices[n]) - first;
        }

        return new Dataset(features, labels, data.SampleShape, count);
    }
}
