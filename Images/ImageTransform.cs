namespace Strata.Data;

/// <summary>
/// How <see cref="ImageBatches"/> turns a decoded image into a sample [channels, height, width]: resized to
/// <see cref="Width"/> × <see cref="Height"/> (bilinear), scaled to [0, 1], augmented (training only), then normalised
/// per channel, as torchvision's <c>Resize</c>, <c>RandomCrop(padding)</c>, <c>RandomHorizontalFlip</c>,
/// <c>ToTensor</c> and <c>Normalize</c> in that order.
/// </summary>
public sealed record ImageTransform
{
    /// <summary>Makes a transform to <paramref name="width"/> × <paramref name="height"/> with <paramref name="channels"/> channels (3: RGB, 1: grey).</summary>
    public ImageTransform(int width, int height, int channels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images have 3 channels (RGB) or 1 (grey).");
        }

        (Width, Height, Channels) = (width, height, channels);
        Mean = new float[channels];
        StandardDeviation = Enumerable.Repeat(1f, channels).ToArray();
    }

    /// <summary>The sample width.</summary>
    public int Width { get; }

    /// <summary>The sample height.</summary>
    public int Height { get; }

    /// <summary>3 for RGB, 1 for grey (ITU-R BT.601 luma: 0.299 R + 0.587 G + 0.114 B, as PIL's <c>convert("L")</c>).</summary>
    public int Channels { get; }

    /// <summary>Per-channel means subtracted after scaling to [0, 1]; zeros by default.</summary>
    public IReadOnlyList<float> Mean { get; init; }

    /// <summary>Per-channel standard deviations divided by after the mean; ones by default.</summary>
    public IReadOnlyList<float> StandardDeviation { get; init; }

    /// <summary>
    /// Training augmentation: pad each side with this many black pixels and crop a random
    /// <see cref="Width"/> × <see cref="Height"/> window (torchvision's <c>RandomCrop(size, padding)</c>); 0 for none.
    /// </summary>
    public int CropPadding { get; init; }

    /// <summary>Training augmentation: mirror left to right with probability ½ (<c>RandomHorizontalFlip</c>).</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>Values per sample: channels × height × width.</summary>
    public int SampleSize => Channels * Height * Width;

    /// <summary>Throws <see cref="ArgumentException"/> for statistics of the wrong length, a non-positive deviation or a negative padding.</summary>
    internal void Check()
    {
        if (Mean.Count != Channels || StandardDeviation.Count != Channels)
        {
            throw new ArgumentException($"The transform has {Channels} channel(s) but {Mean.Count} mean(s) and {StandardDeviation.Count} standard deviation(s).");
        }

        if (StandardDeviation.Any(s => !(s > 0) || !float.IsFinite(s)) || Mean.Any(m => !float.IsFinite(m)))
        {
            throw new ArgumentException("Means must be finite and standard deviations finite and positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(CropPadding);
    }
}
