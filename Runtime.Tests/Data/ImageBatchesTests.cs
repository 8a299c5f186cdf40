using System.Diagnostics;
using SkiaSharp;
using Strata.Data;

namespace Strata.Runtime.Tests.Data;

public sealed class ImageBatchesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("strata-images-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Classes_are_the_sorted_folders_and_only_images_in_them_count()
    {
        Write("b_dog/2.png", Uniform(5, 5, new SKColor(0, 0, 255)));
        Write("b_dog/1.jpg", Uniform(8, 6, new SKColor(0, 0, 255)), SKEncodedImageFormat.Jpeg);
        Write("a_cat/x.PNG", Uniform(5, 5, new SKColor(255, 0, 0)));
        File.WriteAllText(Path.Combine(_root, "a_cat", "notes.txt"), "not an image");
        File.WriteAllText(Path.Combine(_root, "stray.png"), "outside any class");

        var folder = new ImageFolder(_root);

        Assert.Equal(["a_cat", "b_dog"], folder.Classes);
        Assert.Equal([0, 1, 1], folder.Files.Select(f => f.Label));
        Assert.Equal(["x.PNG", "1.jpg", "2.png"], folder.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.Throws<DirectoryNotFoundException>(() => new ImageFolder(Path.Combine(_root, "missing")));
        Assert.Throws<InvalidDataException>(() => new ImageFolder(Path.Combine(_root, "a_cat")));
    }

    [Fact]
    public void A_uniform_image_resizes_to_its_colour_normalised_per_channel_in_rgb_and_grey()
    {
        Write("c/a.png", Uniform(7, 5, new SKColor(200, 100, 50)));
        var folder = new ImageFolder(_root);
        var rgb = new ImageTransform(3, 4) { Mean = [0.5f, 0.4f, 0.3f], StandardDeviation = [0.2f, 0.25f, 0.5f] };
        var grey = new ImageTransform(3, 4, channels: 1) { Mean = [0.1f], StandardDeviation = [2f] };

        var sample = new ImageBatches(folder, rgb, batchSize: 1).ToDataset().Sample(0).ToArray();
        var greySample = new ImageBatches(folder, grey, batchSize: 1).ToDataset().Sample(0).ToArray();

        Assert.Equal(3 * 4 * 3, sample.Length);
        double[] expected = [(200 / 255.0 - 0.5) / 0.2, (100 / 255.0 - 0.4) / 0.25, (50 / 255.0 - 0.3) / 0.5];
        for (var c = 0; c < 3; c++)
        {
            Assert.All(sample.Skip(12 * c).Take(12), v => Assert.Equal(expected[c], v, 1e-5));
        }

        Assert.All(greySample, v => Assert.Equal(((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255 - 0.1) / 2, v, 1e-5));
    }

    [Fact]
    public void Crop_with_padding_and_flip_give_shifted_zero_filled_mirrored_copies_drawn_from_the_seed()
    {
        // A 4 × 4 image whose red channel numbers its pixels 1 to 16, row by row.
        var bitmap = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(4 * y + x + 1), 0, 0));
            }
        }

        Write("c/a.png", bitmap);
        var folder = new ImageFolder(_root);
        var transform = new ImageTransform(4, 4) { CropPadding = 1, HorizontalFlip = true };
        var batches = new ImageBatches(folder, transform, batchSize: 1, seed: 3);
        var seen = new HashSet<(int, int, bool)>();
        for (var epoch = 0; epoch < 40; epoch++)
        {
            var red = batches.Epoch(epoch).Single().Features.Take(16).Select(v => (int)Math.Round(v * 255)).ToArray();
            var matches = (from dx in new[] { -1, 0, 1 } from dy in new[] { -1, 0, 1 } from flip in new[] { false, true }
                           where Shifted(dx, dy, flip).SequenceEqual(red) select (dx, dy, flip)).ToList();
            Assert.True(matches.Count > 0, $"Epoch {epoch}: [{string.Join(", ", red)}] is no crop or flip of the image.");
            seen.Add(matches[0]);
        }

        // 18 outcomes, 40 draws: most appear, and both flips do.
        Assert.True(seen.Count >= 10, $"Only {seen.Count} distinct crops and flips.");
        Assert.Contains(seen, s => s.Item3);
        Assert.Contains(seen, s => !s.Item3);
        var again = new ImageBatches(folder, transform, batchSize: 1, seed: 3);
        Assert.Equal(batches.Epoch(7).Single().Features, again.Epoch(7).Single().Features);
        Assert.Equal(new ImageBatches(folder, transform, 1).ToDataset().Features.ToArray().Take(16).Select(v => (int)Math.Round(v * 255)), Shifted(0, 0, false));

        static int[] Shifted(int dx, int dy, bool flip)
        {
            var result = new int[16];
            for (var y = 0; y < 4; y++)
            {
                for (var x = 0; x < 4; x++)
                {
                    var (sy, sx) = (y + dy, x + dx);
                    result[4 * y + (flip ? 3 - x : x)] = sy is >= 0 and < 4 && sx is >= 0 and < 4 ? 4 * sy + sx + 1 : 0;
                }
            }

            return result;
        }
    }

    [Fact]
    public void Every_epoch_visits_each_image_once_in_a_seeded_order_while_the_next_batches_decode_in_the_background()
    {
        for (var i = 0; i < 23; i++)
        {
            Write($"{(i % 3 == 0 ? "x" : "y")}/{i:D2}.png", Uniform(6, 6, new SKColor((byte)(10 * i), 0, 0)));
        }

        var folder = new ImageFolder(_root);
        var batches = new ImageBatches(folder, new ImageTransform(6, 6), batchSize: 5, seed: 1, prefetch: 2, decodeThreads: 1);
        var first = batches.Epoch(0).ToList();
        var second = batches.Epoch(1).ToList();

        Assert.Equal(5, batches.Count);
        Assert.Equal([5, 5, 5, 5, 3], first.Select(b => b.Count));
        foreach (var epoch in new[] { first, second })
        {
            var indices = epoch.SelectMany(b => b.Indices).ToArray();
            Assert.Equal(Enumerable.Range(0, 23), indices.Order());
            Assert.Equal(indices.Select(i => folder.Files[i].Label), epoch.SelectMany(b => b.Labels));

            // Each sample is its own file's: the red level says which.
            foreach (var batch in epoch)
            {
                for (var n = 0; n < batch.Count; n++)
                {
                    var file = int.Parse(Path.GetFileNameWithoutExtension(folder.Files[batch.Indices[n]].Path), System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Equal(10 * file / 255f, batch.Features[n * 108], 1e-6f);
                }
            }
        }

        Assert.NotEqual(first.SelectMany(b => b.Indices), second.SelectMany(b => b.Indices));
        Assert.Equal(first.SelectMany(b => b.Indices), new ImageBatches(folder, new ImageTransform(6, 6), 5, seed: 1).Epoch(0).SelectMany(b => b.Indices));
        Assert.Equal(Enumerable.Range(0, 23), new ImageBatches(folder, new ImageTransform(6, 6), 5, shuffle: false).Epoch(0).SelectMany(b => b.Indices));

        // Holding the first batch, the background has decoded further ahead; breaking off stops it without hanging.
        var fresh = new ImageBatches(folder, new ImageTransform(6, 6), batchSize: 5, seed: 1, prefetch: 2, decodeThreads: 1);
        using (var enumerator = fresh.Epoch(0).GetEnumerator())
        {
            Assert.True(enumerator.MoveNext());
            var clock = Stopwatch.StartNew();
            while (fresh.DecodedImages < 15 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(10);
            }

            Assert.True(fresh.DecodedImages >= 15, $"{fresh.DecodedImages} images decoded while the first batch was held.");
        }

        Assert.True(fresh.DecodedImages <= 23);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_an_InvalidDataException_naming_it()
    {
        Write("c/good.png", Uniform(3, 3, SKColors.White));
        File.WriteAllBytes(Path.Combine(_root, "c", "bad.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var batches = new ImageBatches(new ImageFolder(_root), new ImageTransform(3, 3), batchSize: 1, shuffle: false);

        Assert.Contains("bad.png", Assert.Throws<InvalidDataException>(() => batches.Epoch(0).ToList()).Message);
        Assert.Contains("bad.png", Assert.Throws<InvalidDataException>(() => batches.ToDataset()).Message);
        Assert.Throws<ArgumentException>(() => new ImageBatches(new ImageFolder(_root), new ImageTransform(3, 3) { Mean = [0f] }, 1));
    }

    private static SKBitmap Uniform(int width, int height, SKColor colour)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(colour);
        return bitmap;
    }

    private void Write(string relative, SKBitmap bitmap, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (bitmap)
        using (var data = bitmap.Encode(format, 95))
        {
            File.WriteAllBytes(path, data.ToArray());
        }
    }
}
