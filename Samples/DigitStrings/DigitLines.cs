using Strata.Data;

namespace Strata.Samples;

/// <summary>
/// Lines of 3 to 6 MNIST digits side by side on a fixed [1, 28, 168] canvas: each digit is cropped to its inked columns
/// and placed after a random gap (0 to 8 columns, fewer when the line would not fit), starting 2 columns in. A line's
/// valid width ends at its last inked column; the rest of the canvas is empty. Labels are the digits plus one (class 0 is
/// CTC's blank). Lines are drawn with a <see cref="Philox"/> generator, so a seed gives the same lines everywhere.
/// </summary>
public static class DigitLines
{
    /// <summary>The canvas height, MNIST's.</summary>
    public const int Height = 28;

    /// <summary>The canvas width.</summary>
    public const int Width = 168;

    /// <summary>The fewest digits on a line.</summary>
    public const int MinDigits = 3;

    /// <summary>The most digits on a line.</summary>
    public const int MaxDigits = 6;

    /// <summary>CTC's classes: the blank and the ten digits.</summary>
    public const int Classes = 11;

    private const int MaxGap = 8;

    /// <summary>
    /// <paramref name="count"/> lines drawn from images [<paramref name="first"/>, first + <paramref name="imageCount"/>)
    /// of <paramref name="digits"/> (MNIST [1, 28, 28] samples), with input lengths in model steps of
    /// <paramref name="columnsPerStep"/> columns. Each digit moves up or down by up to <paramref name="jitter"/> rows (0 for
    /// none), as handwriting does not keep to a baseline.
    /// </summary>
    public static CtcDataset Generate(Dataset digits, int first, int imageCount, int count, int seed, int columnsPerStep, int jitter = 0)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.SampleShape is not [1, Height, var side] || side > Width)
        {
            throw new ArgumentException($"Expected [1, {Height}, ≤{Width}] digit images, got [{string.Join(", ", digits.SampleShape)}].", nameof(digits));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(imageCount, 1);
        if (first < 0 || first + imageCount > digits.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"Images [{first}, {first + imageCount}) are not all in the {digits.Count}.");
        }

        var random = new Philox(unchecked((ulong)seed), subsequence: 0x4C494E45);
        var features = new float[count * Height * Width];
        var labels = new int[count][];
        var lengths = new int[count];
        var columns = new (int Start, int End)[digits.Count];
        for (var i = 0; i < count; i++)
        {
            var n = MinDigits + random.NextInt32(MaxDigits - MinDigits + 1);
            var picks = new int[n];
            int inked;
            do
            {
                inked = 0;
                for (var d = 0; d < n; d++)
                {
                    picks[d] = first + random.NextInt32(imageCount);
                    var (start, end) = columns[picks[d]] = Inked(digits.Sample(picks[d]), side);
                    inked += end - start;
                }
            }
            while (inked + n - 1 > Width - 2);

            var x = 2;
            var canvas = features.AsSpan(i * Height * Width, Height * Width);
            labels[i] = new int[n];
            for (var d = 0; d < n; d++)
            {
                if (d > 0)
                {
                    // Never so wide a gap that the digits still to come would not fit.
                    var gap = Math.Min(MaxGap, (Width - x - Remaining(columns, picks, d)) / (n - d));
                    x += random.NextInt32(Math.Max(gap, 0) + 1);
                }

                var (start, end) = columns[picks[d]];
                var image = digits.Sample(picks[d]);
                var shift = jitter > 0 ? random.NextInt32(2 * jitter + 1) - jitter : 0;
                for (var r = Math.Max(0, -shift); r < Math.Min(Height, Height - shift); r++)
                {
                    for (var c = start; c < end; c++)
                    {
                        var at = (r + shift) * Width + x + c - start;
                        canvas[at] = Math.Max(canvas[at], image[r * side + c]);
                    }
                }

                x += end - start;
                labels[i][d] = digits.Label(picks[d]) + 1;
            }

            lengths[i] = Math.Min((x + columnsPerStep - 1) / columnsPerStep, Width / columnsPerStep);
        }

        return new CtcDataset(features, [1, Height, Width], labels, lengths);
    }

    /// <summary>The text of a label sequence: digit classes 1..10 as "0".."9".</summary>
    public static string Text(ReadOnlySpan<int> labels)
    {
        var text = new char[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            text[i] = (char)('0' + labels[i] - 1);
        }

        return new string(text);
    }

    private static int Remaining(ReadOnlySpan<(int Start, int End)> columns, ReadOnlySpan<int> picks, int from)
    {
        var width = 0;
        for (var d = from; d < picks.Length; d++)
        {
            width += columns[picks[d]].End - columns[picks[d]].Start;
        }

        return width;
    }

    private static (int Start, int End) Inked(ReadOnlySpan<float> image, int side)
    {
        var (start, end) = (side, 0);
        for (var r = 0; r < Height; r++)
        {
            for (var c = 0; c < side; c++)
            {
                if (image[r * side + c] > 0.1f)
                {
                    start = Math.Min(start, c);
                    end = Math.Max(end, c + 1);
                }
            }
        }

        return start < end ? (start, end) : (0, side);
    }
}
