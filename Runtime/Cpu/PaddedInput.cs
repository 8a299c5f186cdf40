namespace Strata.Cpu;

/// <summary>
/// A batch of planes copied once into a zero border: a padded convolution then reads it as an unpadded one, so
/// <see cref="ConvColumns"/> packs every tap's run of positions as one plain copy (or at stride 2 one gather), with no
/// bounds to work out per tap (on ResNet's and VGG's 8×8 and 4×4 planes those runs are 8 and 4 floats long, and the
/// bookkeeping cost more than the copies).
/// </summary>
internal static unsafe class PaddedInput
{
    private const int Slack = 32;

    /// <summary>Whether a forward-type product over <paramref name="g"/> reads a padded copy instead of x.</summary>
    public static bool Helps(in ConvGeometry g) => g.Pad > 0;

    /// <summary>
    /// Copies <paramref name="image"/> ([batch, channels, height, width]) into the workspace with a border of
    /// <paramref name="pad"/> zeros and returns the copy's first float; its planes are (height + 2·pad) × (width + 2·pad).
    /// The buffer has a vector's worth of slack behind the last plane, for gathers that read a little past their row.
    /// </summary>
    public static float* Copy(float* image, int batch, int channels, int height, int width, int pad, CpuWorkspace workspace)
    {
        var paddedWidth = width + (2 * pad);
        var paddedPlane = (nint)(height + (2 * pad)) * paddedWidth;
        var planes = batch * channels;
        var buffer = workspace.Get(WorkspaceSlot.PaddedInput, checked((int)(planes * paddedPlane) + Slack));
        fixed (float* start = buffer)
        {
            for (var plane = 0; plane < planes; plane++)
            {
                var target = start + (plane * paddedPlane);
                var source = image + ((nint)plane * height * width);
                new Span<float>(target, pad * paddedWidth + pad).Clear();
                for (var row = 0; row < height; row++)
                {
                    var line = target + ((nint)(row + pad) * paddedWidth) + pad;
                    new ReadOnlySpan<float>(source + ((nint)row * width), width).CopyTo(new Span<float>(line, width));

                    // The right border of this row and the left border of the next, side by side.
                    new Span<float>(line + width, 2 * pad).Clear();
                }

                new Span<float>(target + ((nint)(height + pad) * paddedWidth) + pad, (pad * paddedWidth) - pad).Clear();
            }

            return start;
        }
    }

    /// <summary>The geometry that reads the copy: the padded plane, no padding.</summary>
    public static ConvGeometry Unpadded(in ConvGeometry g) =>
        g with { InHeight = g.InHeight + (2 * g.Pad), InWidth = g.InWidth + (2 * g.Pad), Pad = 0 };
}
