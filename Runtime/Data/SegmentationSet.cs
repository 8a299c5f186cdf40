namespace Strata.Data;

/// <summary>
/// Single-channel images with one class label per pixel, for semantic segmentation: <see cref="Images"/> is
/// [Count, 1, Size, Size] and <see cref="Labels"/> [Count, Size, Size], digit classes 0–9 and
/// <see cref="BackgroundClass"/> elsewhere. Made by <see cref="DigitCanvases.Generate"/>, which also records where each
/// digit went (<see cref="Placements"/>).
/// </summary>
public sealed class SegmentationSet
{
    /// <summary>The label of a pixel no digit's ink covers; the classes are the ten digits and this one.</summary>
    public const int BackgroundClass = 10;

    /// <summary>The number of classes, digits and background.</summary>
    public const int ClassCount = BackgroundClass + 1;

    internal SegmentationSet(ReadOnlyMemory<float> images, ReadOnlyMemory<int> labels, DigitPlacement[][] placements, int size, float inkThreshold)
    {
        Images = images;
        Labels = labels;
        Placements = placements;
        Size = size;
        InkThreshold = inkThreshold;
    }

    /// <summary>The number of canvases.</summary>
    public int Count => Placements.Count;

    /// <summary>The side of a square canvas.</summary>
    public int Size { get; }

    /// <summary>A pixel is its digit's class where the digit's value is above this, else background.</summary>
    public float InkThreshold { get; }

    /// <summary>The pixels of one canvas, Size × Size.</summary>
    public int PixelCount => Size * Size;

    /// <summary>All canvases, [Count, 1, Size, Size], values in [0, 1].</summary>
    public ReadOnlyMemory<float> Images { get; }

    /// <summary>All pixel labels, [Count, Size, Size].</summary>
    public ReadOnlyMemory<int> Labels { get; }

    /// <summary>The digits of each canvas, in the order they were placed (1 to <see cref="DigitCanvases.MaxDigits"/>).</summary>
    public IReadOnlyList<DigitPlacement[]> Placements { get; }

    /// <summary>Canvas <paramref name="index"/>'s pixels.</summary>
    public ReadOnlySpan<float> Image(int index) => Images.Span.Slice(CheckIndex(index) * PixelCount, PixelCount);

    /// <summary>Canvas <paramref name="index"/>'s pixel labels.</summary>
    public ReadOnlySpan<int> Label(int index) => Labels.Span.Slice(CheckIndex(index) * PixelCount, PixelCount);

    /// <summary>The first <paramref name="count"/> canvases, sharing this set's storage.</summary>
    public SegmentationSet Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new SegmentationSet(
            Images[..(count * PixelCount)], Labels[..(count * PixelCount)], Placements.Take(count).ToArray(), Size, InkThreshold);
    }

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index;
    }
}
