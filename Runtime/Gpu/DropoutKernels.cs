using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// Dropout masks drawn on the device from the same Philox stream as <see cref="Cpu.DropoutCpu.FillMask"/>: element i
/// takes word (position + i) of the stream that starts at the generator's current block, so both devices drop the same
/// elements and no mask crosses the bus.
/// </summary>
internal static class DropoutKernels
{
    /// <summary>
    /// One thread per Philox block j (counter + j): its four words go to elements 4j + w − position that are inside
    /// the mask, each 0 when its uniform (the top 24 bits × 2^−24, as <see cref="Philox.NextSingle"/>) is below p and
    /// 1/(1 − p) otherwise; then y = x · mask for those elements. x and y may be one view.
    /// </summary>
    public static void FillAndApply(
        Index1D block, ArrayView<float> mask, ArrayView<float> x, ArrayView<float> y, PhiloxBlock counter, uint key0, uint key1, int position, float p)
    {
        var words = Philox.Compute(counter.Add((ulong)block.X), key0, key1);
        var first = 4 * block - position;
        var scale = 1f / (1f - p);
        Apply(mask, x, y, first, words.X0, p, scale);
        Apply(mask, x, y, first + 1, words.X1, p, scale);
        Apply(mask, x, y, first + 2, words.X2, p, scale);
        Apply(mask, x, y, first + 3, words.X3, p, scale);
    }

    /// <summary>
    /// The mask alone (attention dropout, which applies it inside its own kernels): one thread per Philox block, as
    /// <see cref="FillAndApply"/>.
    /// </summary>
    public static void Fill(Index1D block, ArrayView<float> mask, PhiloxBlock counter, uint key0, uint key1, int position, float p)
    {
        var words = Philox.Compute(counter.Add((ulong)block.X), key0, key1);
        var first = 4 * block - position;
        var scale = 1f / (1f - p);
        Set(mask, first, words.X0, p, scale);
        Set(mask, first + 1, words.X1, p, scale);
        Set(mask, first + 2, words.X2, p, scale);
        Set(mask, first + 3, words.X3, p, scale);
    }

    /// <summary>Evaluation: mask = 1 and y = x.</summary>
    public static void Identity(Index1D i, ArrayView<float> mask, ArrayView<float> x, ArrayView<float> y)
    {
        mask[i] = 1f;
        y[i] = x[i];
    }

    private static void Set(ArrayView<float> mask, int i, uint word, float p, float scale)
    {
        if (i >= 0 && i < mask.Length)
        {
            mask[i] = (word >> 8) * (1f / (1 << 24)) < p ? 0f : scale;
        }
    }

    private static void Apply(ArrayView<float> mask, ArrayView<float> x, ArrayView<float> y, int i, uint word, float p, float scale)
    {
        if (i >= 0 && i < mask.Length)
        {
            var m = (word >> 8) * (1f / (1 << 24)) < p ? 0f : scale;
            mask[i] = m;
            y[i] = x[i] * m;
        }
    }
}
