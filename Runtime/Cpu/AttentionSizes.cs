namespace Strata.Cpu;

/// <summary>
/// The sizes of one attention call, shared by <see cref="AttentionCpu"/> and the GPU kernels: query steps Tq, key steps
/// Tk (equal for self-attention), heads, the width d = heads · headSize, and the score scale 1/√headSize. Queries, keys
/// and values sit in packed projections [N, T, 3d] (q at column 0, k at d, v at 2d); the weights are [N, heads, Tq, Tk].
/// </summary>
internal readonly struct AttentionSizes(int queries, int keys, int heads, int width)
{
    public readonly int Queries = queries, Keys = keys, Heads = heads, Width = width, HeadSize = width / heads;

    public readonly float Scale = 1f / MathF.Sqrt(width / heads);

    /// <summary>The packed row stride, 3d.</summary>
    public int Stride => 3 * Width;

    /// <summary>Where query step i of sample n, head h starts in the queries' packed projections.</summary>
    public int Query(int n, int h, int i) => (n * Queries + i) * Stride + h * HeadSize;

    /// <summary>Where key step j of sample n, head h starts in the keys' packed projections (its value is d further).</summary>
    public int Key(int n, int h, int j) => (n * Keys + j) * Stride + Width + h * HeadSize;

    /// <summary>Where the weights of query step i of sample n, head h start ([N, heads, Tq, Tk]).</summary>
    public int Weights(int n, int h, int i) => ((n * Heads + h) * Queries + i) * Keys;

    /// <summary>Where head h of query step i of sample n starts in the context [N, Tq, d].</summary>
    public int Context(int n, int h, int i) => (n * Queries + i) * Width + h * HeadSize;
}
