namespace Strata.Data;

/// <summary>
/// A small semantic-segmentation task built from a set of digit images (MNIST): square canvases, each holding 1–3
/// digits at random positions, every pixel labelled with the class of the digit whose ink covers it, or
/// <see cref="SegmentationSet.BackgroundClass"/>. Used by the zoo's FCN (<c>Zoo --train fcn</c>); it lives in the
/// runtime beside <see cref="Mnist"/> because any [1, h, w] digit <see cref="Dataset"/> can feed it.
/// </summary>
/// <remarks>
/// The rule, canvas by canvas, from one <see cref="Philox"/> generator seeded with the seed:
/// <list type="number">
/// <item>the number of digits, 1 + <c>NextInt32(3)</c>;</item>
/// <item>for each digit, its index in the source, <c>NextInt32(count)</c>, then a top-left corner for its whole h×w image,
/// <c>NextInt32(size − h + 1)</c> and <c>NextInt32(size − w + 1)</c>, drawn again (up to
/// <see cref="PlacementAttempts"/> times) while the box around its nonzero pixels would overlap a box already placed; a
/// digit that finds no place after that many draws is left out (the canvas keeps its other digits, at least the first,
/// which always fits);</item>
/// <item>the canvas is the sum of the placed images (their nonzero pixels never overlap, so it is also their maximum),
/// and a pixel's label is its digit's class where the digit's value is above the ink threshold, else background.</item>
/// </list>
/// </remarks>
public static class DigitCanvases
{
    /// <summary>How many corners a digit may draw before it is left out of a crowded canvas.</summary>
    public const int PlacementAttempts = 50;

    /// <summary>The most digits on one canvas.</summary>
    public const int MaxDigits = 3;

    /// <summary>
    /// Builds <paramref name="count"/> canvases of <paramref name="size"/>×<paramref name="size"/> from the digits of
    /// <paramref name="digits"/> (samples shaped [1, h, w] with values in [0, 1], classes below
    /// <see cref="SegmentationSet.BackgroundClass"/>), the same ones for the same <paramref name="seed"/>. A pixel is ink
    /// where its digit's value is above <paramref name="inkThreshold"/> (0.5 by default, i.e. MNIST bytes from 128).
    /// </summary>
    public static SegmentationSet Generate(Dataset digits, int count, int seed, int size = 64, float inkThreshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (digits.SampleShape.Count != 3 || digits.SampleShape[0] != 1)
        {
            throw new ArgumentException(
                $"The digits must be single-channel images [1, h, w], got [{string.Join(", ", digits.SampleShape)}].", nameof(digits));
        }

        if (digits.Count == 0)
        {
            throw new ArgumentException("There are no digits to place.", nameof(digits));
        }

        if (digits.ClassCount > SegmentationSet.BackgroundClass)
        {
            throw new ArgumentException(
                $"The digits have {digits.ClassCount} classes; at most {SegmentationSet.BackgroundClass} fit below the background class.", nameof(digits));
        }

        var (height, width) = (digits.SampleShape[1], digits.SampleShape[2]);
        if (size < height || size < width)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The canvas must hold a whole {height}×{width} digit.");
        }

        if (!(inkThreshold >= 0 && inkThreshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(inkThreshold), inkThreshold, "Expected a threshold in [0, 1).");
        }

        var boxes = new (int Top, int Left, int Bottom, int Right)[digits.Count];
        for (var i = 0; i < digits.Count; i++)
        {
            boxes[i] = InkBox(digits.Sample(i), height, width);
        }

        var pixels = size * size;
        var images = new float[(long)count * pixels];
        var labels = new int[(long)count * pixels];
        Array.Fill(labels, SegmentationSet.BackgroundClass);
        var placements = new DigitPlacement[count][];
        var random = new Philox(unchecked((ulong)seed));
        var placed = new List<DigitPlacement>(MaxDigits);
        var placedBoxes = new List<(int Top, int Left, int Bottom, int Right)>(MaxDigits);
        for (var c = 0; c < count; c++)
        {
            placed.Clear();
            placedBoxes.Clear();
            var wanted = 1 + random.NextInt32(MaxDigits);
            for (var d = 0; d < wanted; d++)
            {
                var index = random.NextInt32(digits.Count);
                var box = boxes[index];
                for (var attempt = 0; attempt < PlacementAttempts; attempt++)
                {
                    var top = random.NextInt32(size - height + 1);
                    var left = random.NextInt32(size - width + 1);
                    var moved = (box.Top + top, box.Left + left, box.Bottom + top, box.Right + left);
                    if (!placedBoxes.Exists(other => Overlap(other, moved)))
                    {
                        placed.Add(new DigitPlacement(index, digits.Label(index), top, left));
                        placedBoxes.Add(moved);
                        break;
                    }
                }
            }

            var image = images.AsSpan(c * pixels, pixels);
            var label = labels.AsSpan(c * pixels, pixels);
            foreach (var placement in placed)
            {
                var digit = digits.Sample(placement.SourceIndex);
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var value = digit[(y * width) + x];
                        var at = ((placement.Top + y) * size) + placement.Left + x;
                        image[at] += value;
                        if (value > inkThreshold)
                        {
                            label[at] = placement.Class;
                        }
                    }
                }
            }

            placements[c] = [.. placed];
        }

        return new SegmentationSet(images, labels, placements, size, inkThreshold);
    }

    /// <summary>The inclusive box around a digit's nonzero pixels (an empty digit gets an empty box that overlaps nothing).</summary>
    private static (int Top, int Left, int Bottom, int Right) InkBox(ReadOnlySpan<float> digit, int height, int width)
    {
        var (top, left, bottom, right) = (height, width, -1, -1);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (digit[(y * width) + x] != 0)
                {
                    (top, left, bottom, right) = (Math.Min(top, y), Math.Min(left, x), Math.Max(bottom, y), Math.Max(right, x));
                }
            }
        }

        return (top, left, bottom, right);
    }

    private static bool Overlap((int Top, int Left, int Bottom, int Right) a, (int Top, int Left, int Bottom, int Right) b) =>
        a.Top <= b.Bottom && b.Top <= a.Bottom && a.Left <= b.Right && b.Left <= a.Right;
}
