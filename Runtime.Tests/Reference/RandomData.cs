namespace Strata.Runtime.Tests.Reference;

/// <summary>Seeded random test data, so every failure reproduces.</summary>
internal static class RandomData
{
    /// <summary><paramref name="count"/> uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static float[] Uniform(Random random, int count, float low = -1f, float high = 1f)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * random.NextSingle();
        }

        return values;
    }

    /// <summary>Distinct values (a shuffled ramp, 0.01 apart, centred on zero), so no maximum is ever tied.</summary>
    public static float[] Distinct(Random random, int count)
    {
        var values = Enumerable.Range(0, count).Select(i => (i - count / 2) * 0.01f).ToArray();
        random.Shuffle(values);
        return values;
    }

    public static double[] ToDouble(this float[] values) => values.Select(v => (double)v).ToArray();
}
