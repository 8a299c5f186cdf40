namespace Strata.Data;

/// <summary>
/// Built-in handwriting-like digits, so samples run with no download: each digit 0–9 is a few pen strokes drawn on a
/// 28×28 canvas (like MNIST: [1, 28, 28], values in [0, 1], background 0) with a random size, aspect, slant, rotation,
/// shift, stroke width, wobble of the stroke points, pixel noise and sometimes a stray stroke. A LeNet learns them to
/// high accuracy, but not in one step.
/// </summary>
public static class SyntheticDigits
{
    /// <summary>The side of the square canvas, as MNIST's.</summary>
    public const int Size = 28;

    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    // Strokes in a unit box (x to the right, y downwards); each stroke is a polyline.
    private static readonly (float X, float Y)[][][] Templates =
    [
        [Arc(0.5f, 0.5f, 0.3f, 0.42f, 0, 360)],
        [[(0.3f, 0.28f), (0.52f, 0.08f), (0.52f, 0.92f)]],
        [[.. Arc(0.5f, 0.32f, 0.28f, 0.24f, 200, 380), (0.22f, 0.92f), (0.8f, 0.92f)]],
        [Arc(0.48f, 0.29f, 0.27f, 0.21f, 200, 450), Arc(0.48f, 0.71f, 0.3f, 0.21f, 270, 520)],
        [[(0.66f, 0.92f), (0.66f, 0.08f), (0.2f, 0.64f), (0.84f, 0.64f)]],
        [[(0.78f, 0.08f), (0.3f, 0.08f), (0.26f, 0.46f), .. Arc(0.48f, 0.66f, 0.3f, 0.25f, 235, 500)]],
        [[(0.72f, 0.1f), .. Arc(0.62f, 0.6f, 0.42f, 0.5f, 255, 180)], Arc(0.5f, 0.7f, 0.27f, 0.22f, 0, 360)],
        [[(0.2f, 0.08f), (0.8f, 0.08f), (0.42f, 0.92f)]],
        [Arc(0.5f, 0.28f, 0.22f, 0.2f, 0, 360), Arc(0.5f, 0.7f, 0.27f, 0.22f, 0, 360)],
        [Arc(0.48f, 0.32f, 0.26f, 0.23f, 0, 360), [(0.74f, 0.32f), (0.62f, 0.92f)]],
    ];

    /// <summary>
    /// Generates <paramref name="count"/> digits, the same ones for the same <paramref name="seed"/>. Labels cycle
    /// 0, 1, …, 9, so every contiguous slice is balanced.
    /// </summary>
    public static Dataset Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var sampleSeeds = new int[count];
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            sampleSeeds[i] = random.Next();
        }

        var features = new float[count * Size * Size];
        var labels = new int[count];
        Parallel.For(0, count, i =>
        {
            labels[i] = i % ClassCount;
            Draw(Templates[labels[i]], new Random(sampleSeeds[i]), features.AsSpan(i * Size * Size, Size * Size));
        });

        return new Dataset(features, labels, [1, Size, Size], ClassCount);
    }

    private static void Draw((float X, float Y)[][] strokes, Random random, Span<float> canvas)
    {
        var height = 19f * Uniform(random, 0.8f, 1.08f);
        var width = height * Uniform(random, 0.72f, 1.1f);
        var slant = Uniform(random, -0.35f, 0.35f);
        var angle = Uniform(random, -0.25f, 0.25f);
        var (sin, cos) = MathF.SinCos(angle);
        var centreX = Size / 2f + Uniform(random, -2.5f, 2.5f);
        var centreY = Size / 2f + Uniform(random, -2.5f, 2.5f);
        var halfWidth = Uniform(random, 0.8f, 1.9f);
        var ink = Uniform(random, 0.75f, 1f);

        var segments = new List<(float X0, float Y0, float X1, float Y1)>();
        foreach (var stroke in strokes)
        {
            var previous = Place(stroke[0]);
            for (var p = 1; p < stroke.Length; p++)
            {
                var next = Place(stroke[p]);
                segments.Add((previous.X, previous.Y, next.X, next.Y));
                previous = next;
            }
        }

        foreach (var (x0, y0, x1, y1) in segments)
        {
            Stamp(canvas, x0, y0, x1, y1, halfWidth, ink);
        }

        // A stray, fainter stroke now and then, as on a real scanned form.
        if (random.NextDouble() < 0.3)
        {
            var x = Uniform(random, 2, Size - 2);
            var y = Uniform(random, 2, Size - 2);
            Stamp(canvas, x, y, x + Uniform(random, -6, 6), y + Uniform(random, -6, 6), Uniform(random, 0.5f, 1.4f), ink * Uniform(random, 0.4f, 0.9f));
        }

        var noise = Uniform(random, 0f, 0.18f);
        for (var i = 0; i < canvas.Length; i++)
        {
            canvas[i] = Math.Clamp(canvas[i] + noise * Gaussian(random), 0f, 1f);
        }

        (float X, float Y) Place((float X, float Y) point)
        {
            // Wobble each template point, then scale, slant, rotate and shift it onto the canvas.
            var u = (point.X - 0.5f + 0.045f * Gaussian(random)) * width;
            var v = (point.Y - 0.5f + 0.045f * Gaussian(random)) * height;
            u += slant * v;
            return (centreX + cos * u - sin * v, centreY + sin * u + cos * v);
        }
    }

    /// <summary>Draws an anti-aliased line of the given half-width, keeping the brighter value where strokes overlap.</summary>
    private static void Stamp(Span<float> canvas, float x0, float y0, float x1, float y1, float halfWidth, float ink)
    {
        var reach = halfWidth + 1;
        var left = Math.Max(0, (int)MathF.Floor(MathF.Min(x0, x1) - reach));
        var right = Math.Min(Size - 1, (int)MathF.Ceiling(MathF.Max(x0, x1) + reach));
        var top = Math.Max(0, (int)MathF.Floor(MathF.Min(y0, y1) - reach));
        var bottom = Math.Min(Size - 1, (int)MathF.Ceiling(MathF.Max(y0, y1) + reach));
        var dx = x1 - x0;
        var dy = y1 - y0;
        var lengthSquared = MathF.Max(dx * dx + dy * dy, 1e-12f);
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                var px = x + 0.5f - x0;
                var py = y + 0.5f - y0;
                var t = Math.Clamp((px * dx + py * dy) / lengthSquared, 0f, 1f);
                var ex = px - t * dx;
                var ey = py - t * dy;
                var value = ink * Math.Clamp(halfWidth + 0.5f - MathF.Sqrt(ex * ex + ey * ey), 0f, 1f);
                ref var pixel = ref canvas[y * Size + x];
                pixel = MathF.Max(pixel, value);
            }
        }
    }

    /// <summary>Points on an elliptical arc from <paramref name="fromDegrees"/> to <paramref name="toDegrees"/> (0° = right, 90° = down).</summary>
    private static (float X, float Y)[] Arc(float centreX, float centreY, float radiusX, float radiusY, float fromDegrees, float toDegrees)
    {
        var steps = Math.Max(2, (int)MathF.Ceiling(MathF.Abs(toDegrees - fromDegrees) / 20f));
        var points = new (float X, float Y)[steps + 1];
        for (var i = 0; i <= steps; i++)
        {
            var radians = (fromDegrees + (toDegrees - fromDegrees) * i / steps) * MathF.PI / 180f;
            points[i] = (centreX + radiusX * MathF.Cos(radians), centreY + radiusY * MathF.Sin(radians));
        }

        return points;
    }

    private static float Uniform(Random random, float low, float high) => low + (high - low) * random.NextSingle();

    private static float Gaussian(Random random) =>
        MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
}
