namespace Strata.Cpu;

/// <summary>
/// The bridge from images to sequences on the CPU: x [batch, channels, height, width] → y [batch, steps, features], a
/// permutation of the values. <see cref="SequenceAxis.Width"/>: steps = width, features = channels · height,
/// y[n, w, c·H + h] = x[n, c, h, w] (PyTorch's <c>x.permute(0, 3, 1, 2).reshape(N, W, C * H)</c>).
/// <see cref="SequenceAxis.Pixels"/>: steps = height · width, features = channels, y[n, h·W + w, c] = x[n, c, h, w]
/// (<c>x.flatten(2).transpose(1, 2)</c>). Backward applies the inverse permutation to the gradient.
/// </summary>
/// <remarks>Samples are independent, so they run in parallel; each is a copy through an index map.</remarks>
public static unsafe class ToSequenceCpu
{
    /// <summary>y = x read along <paramref name="axis"/>; y is overwritten.</summary>
    public static void Forward(int batch, int channels, int height, int width, SequenceAxis axis, Tensor x, Tensor y)
    {
        Check(batch, channels, height, width, axis, x, nameof(x), y, nameof(y));
        var body = new Permute(x.Pointer, y.Pointer, channels, height, width, axis, toSequence: true);
        CpuParallel.For(batch, ref body);
    }

    /// <summary>dx = dy read back into the image's layout; dx is overwritten.</summary>
    public static void Backward(int batch, int channels, int height, int width, SequenceAxis axis, Tensor dy, Tensor dx)
    {
        Check(batch, channels, height, width, axis, dx, nameof(dx), dy, nameof(dy));
        var body = new Permute(dy.Pointer, dx.Pointer, channels, height, width, axis, toSequence: false);
        CpuParallel.For(batch, ref body);
    }

    /// <summary>
    /// Where the image value at <paramref name="image"/> = (c·H + h)·W + w of one sample lands in its sequence [steps, features]:
    /// w·(C·H) + c·H + h for columns, (h·W + w)·C + c for pixels.
    /// </summary>
    public static int SequenceIndex(int image, int channels, int height, int width, SequenceAxis axis)
    {
        var w = image % width;
        var ch = image / width;
        return axis == SequenceAxis.Width
            ? (w * channels * height) + ch
            : ((ch % height * width) + w) * channels + (ch / height);
    }

    /// <summary>Checks the sizes (all at least 1), the axis, an image-sized and a sequence-sized tensor.</summary>
    internal static void Check(int batch, int channels, int height, int width, SequenceAxis axis, Tensor image, string imageName, Tensor sequence, string sequenceName)
    {
        ArgumentChecks.AtLeast(batch, 1, nameof(batch));
        ArgumentChecks.AtLeast(channels, 1, nameof(channels));
        ArgumentChecks.AtLeast(height, 1, nameof(height));
        ArgumentChecks.AtLeast(width, 1, nameof(width));
        if (axis is not (SequenceAxis.Width or SequenceAxis.Pixels))
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, "The axis must be SequenceAxis.Width or SequenceAxis.Pixels.");
        }

        ArgumentChecks.Length(image, imageName, batch, channels, height, width);
        if (axis == SequenceAxis.Width)
        {
            ArgumentChecks.Length(sequence, sequenceName, batch, width, channels * height);
        }
        else
        {
            ArgumentChecks.Length(sequence, sequenceName, batch, height * width, channels);
        }
    }

    /// <summary>One sample's copy: image → sequence, or back.</summary>
    private readonly struct Permute(float* source, float* target, int channels, int height, int width, SequenceAxis axis, bool toSequence)
        : IParallelBody
    {
        public void Run(int n)
        {
            var sample = channels * height * width;
            var start = n * sample;
            for (var i = 0; i < sample; i++)
            {
                var sequence = start + SequenceIndex(i, channels, height, width, axis);
                if (toSequence)
                {
                    target[sequence] = source[start + i];
                }
                else
                {
                    target[start + i] = source[sequence];
                }
            }
        }
    }
}
