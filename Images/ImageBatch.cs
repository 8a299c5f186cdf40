namespace Strata.Data;

/// <summary>One mini-batch from <see cref="ImageBatches"/>: samples laid out [Count, channels, height, width] and their labels.</summary>
/// <param name="Features">The samples, Count × channels × height × width values, owned by the caller.</param>
/// <param name="Labels">The class of each sample.</param>
/// <param name="Indices">Each sample's index in <see cref="ImageFolder.Files"/>.</param>
public sealed record ImageBatch(float[] Features, int[] Labels, int[] Indices)
{
    /// <summary>The number of samples (the last batch of an epoch may be smaller).</summary>
    public int Count => Labels.Length;
}
