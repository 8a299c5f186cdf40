using System.Buffers.Binary;
using SkiaSharp;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Samples;

public class TrainingPlotTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _folder = Directory.CreateTempSubdirectory("strata-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A made-up five-epoch history: falling losses, rising accuracies.</summary>
    private static TrainingHistory FakeHistory() => new(Enumerable.Range(1, 5)
        .Select(e => new EpochMetrics(e, 1f / e, 1 - 0.5f / e, 1 - 0.4f / e, 0.8f / e + 0.1f, 1000, 1, 1e-3f))
        .ToArray());

    /// <summary>The number of pixels in columns [left, right) that are not white.</summary>
    private static int InkBetween(SKBitmap bitmap, int left, int right)
    {
        var ink = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = left; x < right; x++)
            {
                ink += bitmap.GetPixel(x, y) == SKColors.White ? 0 : 1;
            }
        }

        return ink;
    }

    [Fact]
    public void A_history_becomes_a_png_with_a_loss_panel_and_an_accuracy_panel()
    {
        var path = Path.Combine(_folder, "charts", "run.png");
        TrainingPlot.Save(path, TrainingCurves.From(FakeHistory(), "Fake"));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(420, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));

        // Both halves are drawn (a chart rendered over another once left the left half blank).
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.True(InkBetween(bitmap, 0, 640) > 5_000, "the loss panel is blank");
        Assert.True(InkBetween(bitmap, 640, 1280) > 5_000, "the accuracy panel is blank");
        Assert.Equal(["run.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Curves_without_accuracy_make_one_panel()
    {
        var bytes = TrainingPlot.Render(new TrainingCurves("Language model", "log perplexity", [3.2, 2.1, 1.7]));

        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
    }

    [Fact]
    public void Bad_curves_and_paths_are_rejected_and_leave_no_file()
    {
        var path = Path.Combine(_folder, "bad.png");
        Assert.Contains(".png", Assert.Throws<ArgumentException>(() => TrainingPlot.Save(Path.Combine(_folder, "x.jpg"), TrainingCurves.From(FakeHistory(), "x"))).Message);
        Assert.Contains("no epochs", Assert.Throws<ArgumentException>(() => TrainingPlot.Save(path, new TrainingCurves("x", "loss", []))).Message);
        Assert.Contains("EvalLoss", Assert.Throws<ArgumentException>(() => TrainingPlot.Save(path, new TrainingCurves("x", "loss", [1, 2], EvalLoss: [1]))).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => TrainingPlot.Save(path, new TrainingCurves("x", "loss", [1, double.NaN]))).Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}
