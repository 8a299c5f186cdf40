namespace Strata.Cpu;

/// <summary>
/// One pooling window clipped to the real image, with PyTorch's avg_pool2d divisor: with count_include_pad the
/// window is first clipped to the padded image (so a window hanging past the padding counts only up to it), and
/// without it the divisor is the number of real cells. Shared by <see cref="Pool2dCpu"/> and the GPU pooling kernels
/// (it is plain integer arithmetic, so ILGPU compiles it), so both devices use one window rule.
/// </summary>
internal readonly record struct PoolWindow(int FirstRow, int EndRow, int FirstColumn, int EndColumn, int Divisor)
{
    /// <summary>Whether the window holds no real cell.</summary>
    public bool IsEmpty => FirstRow >= EndRow || FirstColumn >= EndColumn;

    /// <summary>The window of output (<paramref name="oh"/>, <paramref name="ow"/>).</summary>
    public static PoolWindow Of(in PoolGeometry g, int oh, int ow, bool countIncludePad)
    {
        var h0 = oh * g.Stride - g.Pad;
        var w0 = ow * g.Stride - g.Pad;
        var h1 = Math.Min(h0 + g.Kernel, g.InHeight + g.Pad);
        var w1 = Math.Min(w0 + g.Kernel, g.InWidth + g.Pad);
        var paddedSize = (h1 - h0) * (w1 - w0);
        h0 = Math.Max(h0, 0);
        w0 = Math.Max(w0, 0);
        h1 = Math.Min(h1, g.InHeight);
        w1 = Math.Min(w1, g.InWidth);
        return new PoolWindow(h0, h1, w0, w1, countIncludePad ? paddedSize : (h1 - h0) * (w1 - w0));
    }
}
