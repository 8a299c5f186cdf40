namespace Strata.Data;

/// <summary>Images read from an IDX3 file: <see cref="Pixels"/> is [Count, Rows, Columns], scaled to [0, 1].</summary>
public sealed record MnistImages(float[] Pixels, int Count, int Rows, int Columns);
