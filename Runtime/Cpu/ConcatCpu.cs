namespace Strata.Cpu;

/// <summary>
/// Concatenation over the first per-sample dimension, one input at a time: each input is a block of
/// <c>width</c> elements at <c>offset</c> in every output row of <c>outputWidth</c> (a row is a sample, or one step of
/// a sample for sequences). The counterpart of <see cref="Gpu.ConcatGpu"/>.
/// </summary>
public static class ConcatCpu
{
    /// <summary>y[r, offset + i] = x[r, i] for every row r and i &lt; width.</summary>
    public static void Forward(int rows, int width, int offset, int outputWidth, Tensor x, Tensor y)
    {
        Check(rows, width, offset, outputWidth, x, y);
        var source = x.Span;
        var target = y.Span;
        for (var r = 0; r < rows; r++)
        {
            source.Slice(r * width, width).CopyTo(target.Slice(r * outputWidth + offset, width));
        }
    }

    /// <summary>gradX[r, i] = gradY[r, offset + i]: the input's block of the output's gradient.</summary>
    public static void Backward(int rows, int width, int offset, int outputWidth, Tensor gradY, Tensor gradX)
    {
        Check(rows, width, offset, outputWidth, gradX, gradY);
        var source = gradY.Span;
        var target = gradX.Span;
        for (var r = 0; r < rows; r++)
        {
            source.Slice(r * outputWidth + offset, width).CopyTo(target.Slice(r * width, width));
        }
    }

    /// <summary>Checks the sizes, the input block inside the row, and both tensors' lengths.</summary>
    internal static void Check(int rows, int width, int offset, int outputWidth, Tensor part, Tensor whole)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + width, outputWidth, nameof(outputWidth));
        ArgumentChecks.Length(part, nameof(part), rows, width);
        ArgumentChecks.Length(whole, nameof(whole), rows, outputWidth);
    }
}
