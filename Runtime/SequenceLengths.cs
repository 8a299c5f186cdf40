namespace Strata;

/// <summary>
/// The check a generated sequence model runs on the valid lengths it is given with a batch (Forward and Predict), and
/// how it fills its own copy of them.
/// </summary>
public static class SequenceLengths
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="lengths"/> is null or holds one length in
    /// 1..<paramref name="steps"/> per sequence of the batch.
    /// </summary>
    public static void Check(int[]? lengths, int batch, int steps)
    {
        if (lengths is null)
        {
            return;
        }

        if (lengths.Length != batch)
        {
            throw new ArgumentException($"'lengths' should hold {batch} values (one per sequence), got {lengths.Length}.", nameof(lengths));
        }

        for (var i = 0; i < batch; i++)
        {
            if (lengths[i] < 1 || lengths[i] > steps)
            {
                throw new ArgumentException($"lengths[{i}] must be in 1..{steps}, got {lengths[i]}.", nameof(lengths));
            }
        }
    }

    /// <summary>Copies checked <paramref name="lengths"/> into <paramref name="destination"/>, or <paramref name="steps"/> for each when null.</summary>
    public static void Fill(int[] destination, int[]? lengths, int steps)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (lengths is null)
        {
            destination.AsSpan().Fill(steps);
        }
        else
        {
            lengths.AsSpan(0, destination.Length).CopyTo(destination);
        }
    }
}
