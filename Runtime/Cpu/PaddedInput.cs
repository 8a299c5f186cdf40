using System.Runtime.CompilerServices;

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

    // Floats of copy per core below which it stays on the calling thread.
    private const int ParallelFloats = 1 << 15;

    /// <summary>Whether a forward-type product over <paramref name="g"/> reads a padded copy instead of x.</summary>
    public static bool Helps(in ConvGeometry g) => g.Pad > 0;

    /// <summary>
    /// Copies <paramref name="image"/> ([batch, channels, height, width]) into the workspace with a border of
    /// <paramref name="pad"/> zeros and returns the copy's first float; its planes are (height + 2·pad) × (width + 2·pad).
    /// The buffer has a vector's worth of slack behind the last plane, for gathers that read a little past their row.
    /// A large batch of planes is split across the cores.
    /// </summary>
    public static float* Copy(float* image, int batch, int channels, int height, int width, int pad, CpuWorkspace workspace)
    {
        var paddedPlane = (nint)(height + (2 * pad)) * (width + (2 * pad));
        var planes = batch * channels;
        var start = workspace.Pointer(WorkspaceSlot.PaddedInput, checked((int)(planes * paddedPlane) + Slack));
        var chunks = (int)Math.Clamp(planes * paddedPlane / ParallelFloats, 1, Math.Min(planes, Environment.ProcessorCount));
        var body = new Planes(image, start, planes, height, width, pad, chunks);
        if (chunks == 1)
        {
            body.Run(0);
        }
        else
        {
            CpuParallel.For(chunks, ref body);
        }

        return start;
    }

    /// <summary>The geometry that reads the copy: the padded plane, no padding.</summary>
    public static ConvGeometry Unpadded(in ConvGeometry g) =>
        g with { InHeight = g.InHeight + (2 * g.Pad), InWidth = g.InWidth + (2 * g.Pad), Pad = 0 };

    /// <summary>Chunk i of <c>chunks</c> copies its share of the planes, row by row, each with its border.</summary>
    private readonly struct Planes(float* image, float* target, int count, int height, int width, int pad, int chunks) : IParallelBody
    {
        public void Run(int index)
        {
            var paddedWidth = width + (2 * pad);
            var paddedPlane = (nint)(height + (2 * pad)) * paddedWidth;
            var last = (int)((long)count * (index + 1) / chunks);
            for (var plane = (int)((long)count * index / chunks); plane < last; plane++)
            {
                var line = target + (plane * paddedPlane);
                var source = image + ((nint)plane * height * width);
                Zero(line, pad * paddedWidth);
                line += pad * paddedWidth;
                for (var row = 0; row < height; row++, line += paddedWidth, source += width)
                {
                    Zero(line, pad);
                    SpanVectors.Copy(source, line + pad, width);
                    Zero(line + pad + width, pad);
                }

                Zero(line, pad * paddedWidth);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Zero(float* target, int count)
        {
            for (var i = 0; i < count; i++)
            {
                target[i] = 0f;
            }
        }
    }
}
