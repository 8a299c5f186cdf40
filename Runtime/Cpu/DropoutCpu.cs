namespace Strata.Cpu;

/// <summary>
/// Dropout with PyTorch's semantics: in training mode each element is kept with probability 1 − p and scaled by
/// 1/(1 − p), otherwise zeroed; in evaluation mode it is the identity. The mask holds the factor of each element
/// (0 or 1/(1 − p), or 1 in evaluation), so the backward pass multiplies by the same mask.
/// </summary>
public static class DropoutCpu
{
    /// <summary>
    /// Draws a new mask from <paramref name="random"/> when <paramref name="training"/>, else sets it to 1, then
    /// writes y = x · mask.
    /// </summary>
    public static void Forward(Tensor mask, Tensor x, Tensor y, float p, Philox random, bool training)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentChecks.Length(x, nameof(x), mask.Shape);
        ArgumentChecks.Length(y, nameof(y), mask.Shape);
        FillMask(mask.Span, p, random, training);
        Multiply(x.Span, mask.Span, y.Span);
    }

    /// <summary>dx = dy · mask, with the mask of the last <see cref="Forward"/>.</summary>
    public static void Backward(Tensor mask, Tensor dy, Tensor dx)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentChecks.Length(dy, nameof(dy), mask.Shape);
        ArgumentChecks.Length(dx, nameof(dx), mask.Shape);
        Multiply(dy.Span, mask.Span, dx.Span);
    }

    /// <summary>
    /// Fills a mask: in training each element is 0 with probability <paramref name="p"/> and 1/(1 − p) otherwise,
    /// drawn in order from <paramref name="random"/>; in evaluation every element is 1. The GPU path draws the same
    /// words of the same stream on the device (<see cref="Gpu.DropoutKernels"/>), so both paths drop the same elements
    /// for the same seed.
    /// </summary>
    public static void FillMask(Span<float> mask, float p, Philox random, bool training)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(p >= 0f && p < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout's p must be in [0, 1).");
        }

        if (!training)
        {
            mask.Fill(1f);
            return;
        }

        var scale = 1f / (1f - p);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextSingle() < p ? 0f : scale;
        }
    }

    private static void Multiply(ReadOnlySpan<float> values, ReadOnlySpan<float> mask, Span<float> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = values[i] * mask[i];
        }
    }
}
