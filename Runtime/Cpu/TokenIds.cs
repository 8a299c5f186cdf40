namespace Strata.Cpu;

/// <summary>Token ids travel as floats in a tensor; they are exact below 2^24, and each must be an integer in 0..vocab−1.</summary>
public static class TokenIds
{
    /// <summary>Throws <see cref="ArgumentException"/> unless every value is an integer id below <paramref name="vocab"/>.</summary>
    public static void Check(ReadOnlySpan<float> ids, int vocab, string name)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            if (!(id >= 0 && id < vocab) || id != MathF.Floor(id))
            {
                throw new ArgumentException($"'{name}' holds {id} at position {i}; token ids must be integers in 0..{vocab - 1}.", name);
            }
        }
    }
}
