using System.Runtime.CompilerServices;
using Strata.Cpu;

namespace Strata.Gpu;

/// <summary>
/// What the host knows about token ids it uploaded itself, so GPU layers that must check ids before a launch (kernels
/// cannot throw) need not copy them back: whether every value was an integer ≥ 0 and the largest one, recorded at the
/// tensor's <see cref="Tensor.Version"/> after the upload. Any later write of the tensor advances the version and voids
/// the record; the layers then check a downloaded copy as before.
/// </summary>
internal static class UploadedTokenIds
{
    private static readonly ConditionalWeakTable<Tensor, Record> Records = new();

    /// <summary>Copies <paramref name="values"/> into <paramref name="ids"/> (a counted upload on a GPU) and records what they hold.</summary>
    public static void Upload(Tensor ids, ReadOnlySpan<float> values)
    {
        ids.CopyFrom(values);
        Vouch(ids, values);
    }

    /// <summary>
    /// Records what <paramref name="ids"/> holds, at its current version: <paramref name="values"/>, which the caller
    /// copied into it (an upload on another stream, already waited for).
    /// </summary>
    public static void Vouch(Tensor ids, ReadOnlySpan<float> values)
    {
        var largest = 0f;
        var integral = true;
        foreach (var value in values)
        {
            integral &= value >= 0 && value == MathF.Floor(value);
            largest = MathF.Max(largest, value);
        }

        var record = Records.GetValue(ids.Storage, static _ => new Record());
        lock (record)
        {
            (record.Version, record.Integral, record.Largest) = (ids.Version, integral, largest);
        }
    }

    /// <summary>
    /// Throws as <see cref="TokenIds.Check"/> does unless every id is an integer in 0..vocab−1; reads the ids back from
    /// the device only when no upload through <see cref="Upload"/> vouches for the tensor's current contents.
    /// </summary>
    public static void Check(Tensor ids, int vocab, string name)
    {
        if (ids.Device.IsGpu && Records.TryGetValue(ids.Storage, out var record))
        {
            lock (record)
            {
                if (record.Version == ids.Version && record.Integral && record.Largest < vocab)
                {
                    return;
                }
            }
        }

        TokenIds.Check(ids.Device.IsGpu ? ids.ToArray() : ids.Span, vocab, name);
    }

    private sealed class Record
    {
        public long Version = -1;
        public bool Integral;
        public float Largest;
    }
}
