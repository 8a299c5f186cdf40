namespace Strata.Cpu;

/// <summary>Max and average pooling on the CPU, with PyTorch's semantics.</summary>
/// <remarks>
/// Each (sample, channel) plane is independent; planes are split into a few contiguous chunks per core when the call
/// is big enough to pay for the fork. Max pooling takes its inner windows (those that lie wholly inside the image,
/// which is all of them without padding) through <see cref="MaxPoolPlane"/>'s tight loops and only the border windows
/// through the general clipped-window path; both pick the same winner.
/// </remarks>
public static unsafe class Pool2dCpu
{
    // Below this many input elements a call runs on the calling thread: the fork costs more than the loop.
    private const int ParallelElements = 1 << 16;

    // Chunks per core, so an uneven split (or a descheduled thread) costs little.
    private const int ChunksPerCore = 4;

    /// <summary>Max pooling; padded cells never win, and a NaN in a window wins it (as in PyTorch).</summary>
    public static void MaxForward(in PoolGeometry g, Tensor x, Tensor y)
    {
        Check(g, x, nameof(x), y, nameof(y));
        var body = new PlaneChunks(g, PoolPass.MaxForward, false, x.Pointer, null, y.Pointer);
        Run(g, ref body);
    }

    /// <summary>
    /// Routes each output gradient to the winner of its window (the first maximum in row-major order, or the last NaN);
    /// dx is overwritten.
    /// </summary>
    public static void MaxBackward(in PoolGeometry g, Tensor x, Tensor dy, Tensor dx)
    {
        Check(g, x, nameof(x), dy, nameof(dy));
        ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.Channels, g.InHeight, g.InWidth);
        var body = new PlaneChunks(g, PoolPass.MaxBackward, false, x.Pointer, dy.Pointer, dx.Pointer);
        Run(g, ref body);
    }

    /// <summary>Average pooling; <paramref name="countIncludePad"/> as PyTorch's count_include_pad.</summary>
    public static void AvgForward(in PoolGeometry g, bool countIncludePad, Tensor x, Tensor y)
    {
        Check(g, x, nameof(x), y, nameof(y));
        var body = new PlaneChunks(g, PoolPass.AvgForward, countIncludePad, x.Pointer, null, y.Pointer);
        Run(g, ref body);
    }

    /// <summary>Spreads each output gradient over its window; dx is overwritten.</summary>
    public static void AvgBackward(in PoolGeometry g, bool countIncludePad, Tensor dy, Tensor dx)
    {
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(dy, nameof(dy), g.Batch, g.Channels, g.OutHeight, g.OutWidth);
        ArgumentChecks.Length(dx, nameof(dx), g.Batch, g.Channels, g.InHeight, g.InWidth);
        var body = new PlaneChunks(g, PoolPass.AvgBackward, countIncludePad, null, dy.Pointer, dx.Pointer);
        Run(g, ref body);
    }

    /// <summary>
    /// Max pooling through the general clipped-window path only, plane by plane: what <see cref="MaxForward"/> did
    /// before its inner-window fast path, kept for benchmarks and as the tests' second opinion.
    /// </summary>
    internal static void MaxForwardGeneral(in PoolGeometry g, Tensor x, Tensor y)
    {
        Check(g, x, nameof(x), y, nameof(y));
        var body = new PlaneChunks(g, PoolPass.MaxForwardGeneral, false, x.Pointer, null, y.Pointer);
        Run(g, ref body);
    }

    private static void Run(in PoolGeometry g, ref PlaneChunks body)
    {
        var planes = g.Batch * g.Channels;
        var chunks = (long)planes * g.InHeight * g.InWidth < ParallelElements || Environment.ProcessorCount == 1
            ? 1
            : Math.Min(planes, ChunksPerCore * Environment.ProcessorCount);
        body.Chunks = chunks;
        CpuParallel.For(chunks, ref body);
    }

    private static void Check(in PoolGeometry g, Tensor input, string inputName, Tensor output, string outputName)
    {
        ArgumentChecks.Geometry(g);
        ArgumentChecks.Length(input, inputName, g.Batch, g.Channels, g.InHeight, g.InWidth);
        ArgumentChecks.Length(output, outputName, g.Batch, g.Channels, g.OutHeight, g.OutWidth);
    }
}
