using Strata.Data;

namespace Strata.Runtime.Tests.Data;

/// <summary>
/// The MNIST segmentation canvases: every label is recomputed here from the recorded placements and the source digits
/// (the canvas is the digits pasted in place; a pixel is its digit's class where that digit's value is above the
/// threshold), plus 1–3 digits per canvas, no two digits' nonzero pixels touching, and the same canvases for the same seed.
/// </summary>
public class DigitCanvasesTests
{
    private static readonly Lazy<Dataset> MnistFirst2000 = new(() => Mnist.Load(RepoData.Path("mnist")).Slice(0, 2000));

    [Fact]
    public void A_single_digit_on_a_canvas_of_its_own_size_is_labelled_where_its_ink_passes_the_threshold()
    {
        // One 2×2 "digit" of class 7 on a 2×2 canvas: it can only go at (0, 0).
        var digits = new Dataset([0.9f, 0.3f, 0f, 0.6f], [7], [1, 2, 2], classCount: 10);

        var set = DigitCanvases.Generate(digits, count: 3, seed: 5, size: 2, inkThreshold: 0.5f);

        for (var i = 0; i < set.Count; i++)
        {
            Assert.Equal([0.9f, 0.3f, 0f, 0.6f], set.Image(i).ToArray());
            Assert.Equal([7, 10, 10, 7], set.Label(i).ToArray());
            Assert.Equal(new DigitPlacement(0, 7, 0, 0), set.Placements[i][0]);
            Assert.All(set.Placements[i], p => Assert.Equal((0, 0), (p.Top, p.Left)));
        }
    }

    [Fact]
    public void Labels_and_pixels_are_the_placed_digits_and_their_ink()
    {
        var digits = MnistFirst2000.Value;
        var set = DigitCanvases.Generate(digits, count: 200, seed: 3);

        Assert.Equal(200, set.Count);
        Assert.Equal(64, set.Size);
        for (var i = 0; i < set.Count; i++)
        {
            var expectedImage = new float[64 * 64];
            var expectedLabel = Enumerable.Repeat(SegmentationSet.BackgroundClass, 64 * 64).ToArray();
            var owners = new int[64 * 64];
            foreach (var placement in set.Placements[i])
            {
                Assert.Equal(digits.Label(placement.SourceIndex), placement.Class);
                var digit = digits.Sample(placement.SourceIndex);
                for (var y = 0; y < 28; y++)
                {
                    for (var x = 0; x < 28; x++)
                    {
                        var value = digit[(y * 28) + x];
                        var at = ((placement.Top + y) * 64) + placement.Left + x;
                        if (value == 0)
                        {
                            continue;
                        }

                        owners[at]++;
                        expectedImage[at] = value;
                        if (value > 0.5f)
                        {
                            expectedLabel[at] = placement.Class;
                        }
                    }
                }
            }

            Assert.All(owners, owner => Assert.InRange(owner, 0, 1));
            Assert.Equal(expectedImage, set.Image(i).ToArray());
            Assert.Equal(expectedLabel, set.Label(i).ToArray());
        }
    }

    [Fact]
    public void Every_canvas_holds_one_to_three_digits_and_each_count_occurs()
    {
        var set = DigitCanvases.Generate(MnistFirst2000.Value, count: 300, seed: 4);

        var counts = set.Placements.Select(p => p.Length).ToArray();
        Assert.All(counts, count => Assert.InRange(count, 1, 3));
        Assert.Equal([1, 2, 3], counts.Distinct().Order());
        Assert.All(set.Placements.SelectMany(p => p), p =>
        {
            Assert.InRange(p.Top, 0, 64 - 28);
            Assert.InRange(p.Left, 0, 64 - 28);
        });

        // Ink (labels other than background) covers some but not most of each canvas.
        for (var i = 0; i < set.Count; i++)
        {
            var ink = set.Label(i).ToArray().Count(label => label != SegmentationSet.BackgroundClass);
            Assert.InRange(ink, 1, 64 * 64 / 2);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_canvases_and_another_seed_others()
    {
        var digits = MnistFirst2000.Value;
        var a = DigitCanvases.Generate(digits, count: 20, seed: 11);
        var b = DigitCanvases.Generate(digits, count: 20, seed: 11);
        var c = DigitCanvases.Generate(digits, count: 20, seed: 12);

        Assert.Equal(a.Images.ToArray(), b.Images.ToArray());
        Assert.Equal(a.Labels.ToArray(), b.Labels.ToArray());
        Assert.Equal(a.Placements.SelectMany(p => p), b.Placements.SelectMany(p => p));
        Assert.NotEqual(a.Labels.ToArray(), c.Labels.ToArray());
    }

    [Fact]
    public void Wrong_arguments_are_rejected()
    {
        var digits = new Dataset(new float[4], [1], [1, 2, 2], classCount: 10);

        Assert.Throws<ArgumentOutOfRangeException>(() => DigitCanvases.Generate(digits, count: 1, seed: 0, size: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitCanvases.Generate(digits, count: -1, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitCanvases.Generate(digits, count: 1, seed: 0, inkThreshold: 1f));
        Assert.Throws<ArgumentException>(() => DigitCanvases.Generate(new Dataset(new float[8], [1], [2, 2, 2], 10), 1, 0));
        Assert.Throws<ArgumentException>(() => DigitCanvases.Generate(new Dataset(new float[4], [1], [1, 2, 2], 11), 1, 0));
    }
}
