using ILGPU;

namespace Strata.Gpu;

/// <summary>The image-to-sequence kernels, with the index map of <see cref="Cpu.ToSequenceCpu.SequenceIndex"/>.</summary>
internal static class ToSequenceKernels
{
    /// <summary>One thread per value: y at its sequence position = x; <paramref name="pixels"/> is 1 for SequenceAxis.Pixels, 0 for Width.</summary>
    public static void Forward(Index1D index, ArrayView<float> x, ArrayView<float> y, int channels, int height, int width, int pixels)
    {
        var sample = channels * height * width;
        var start = index / sample * sample;
        y[start + SequenceIndex(index - start, channels, height, width, pixels)] = x[index];
    }

    /// <summary>One thread per value: dx = dy at its sequence position.</summary>
    public static void Backward(Index1D index, ArrayView<float> dy, ArrayView<float> dx, int channels, int height, int width, int pixels)
    {
        var sample = channels * height * width;
        var start = index / sample * sample;
        dx[index] = dy[start + SequenceIndex(index - start, channels, height, width, pixels)];
    }

    private static int SequenceIndex(int image, int channels, int height, int width, int pixels)
    {
        var w = image % width;
        var ch = image / width;
        return pixels == 0
            ? (w * channels * height) + ch
            : ((ch % height * width) + w) * channels + (ch / height);
    }
}
