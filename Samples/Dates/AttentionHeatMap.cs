using ScottPlot;
using SkiaSharp;
using Strata.IO;

namespace Strata.Samples;

/// <summary>
/// Draws the decoder's attention weights of a few examples as heat maps stacked in one PNG, as d2l shows them: one
/// panel per example, the source characters along the x axis, the output tokens (and &lt;eos&gt;) down the y axis, and
/// the weight α of each (output, source) pair as the cell's colour (viridis, 0 to 1).
/// </summary>
internal static class AttentionHeatMap
{
    private const int Width = 900, PanelHeight = 330;

    public static void Save(string path, IReadOnlyList<(string Source, string Output, float[][] Weights)> examples)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The heat map is a PNG image; give a file name ending in .png, not '{path}'.", nameof(path));
        }

        using var surface = SKSurface.Create(new SKImageInfo(Width, PanelHeight * examples.Count))
            ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        for (var e = 0; e < examples.Count; e++)
        {
            var plot = Panel(examples[e].Source, examples[e].Output, examples[e].Weights);
            using var panelSurface = SKSurface.Create(new SKImageInfo(Width, PanelHeight))
                ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
            plot.Render(panelSurface);
            using var image = panelSurface.Snapshot();
            surface.Canvas.DrawImage(image, 0, e * PanelHeight);
        }

        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, png.ToArray());
    }

    private static Plot Panel(string source, string output, float[][] weights)
    {
        var (rows, columns) = (weights.Length, source.Length);
        var intensities = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                intensities[r, c] = weights[r][c];
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(0, columns, 0, rows);
        plot.Add.ColorBar(heatmap);
        var outputLabels = output.Select(c => c.ToString()).Concat(["<eos>"]).Take(rows).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => c + 0.5).ToArray(), source.Select(c => c == ' ' ? "␣" : c.ToString()).ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => rows - r - 0.5).ToArray(), outputLabels);
        plot.Axes.SetLimits(0, columns, 0, rows);
        plot.Title($"\"{source}\" → {output}");
        plot.XLabel("source character (key)");
        plot.YLabel("output token (query)");
        return plot;
    }
}
