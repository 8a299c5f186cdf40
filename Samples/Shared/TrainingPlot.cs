using ScottPlot;
using SkiaSharp;
using Strata.IO;

namespace Strata.Samples;

/// <summary>
/// Draws <see cref="TrainingCurves"/> with ScottPlot as one PNG: the loss by epoch on the left and, when there is any,
/// the accuracy (in %) on the right, training and evaluation curves in each. The file is written atomically.
/// </summary>
internal static class TrainingPlot
{
    private const int PanelWidth = 640, Height = 420;

    /// <summary>
    /// Writes the chart to <paramref name="path"/> (a .png; folders are created). Throws <see cref="ArgumentException"/>
    /// for another extension, no epochs, curves of different lengths or values that are not finite.
    /// </summary>
    public static void Save(string path, TrainingCurves curves)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(curves);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The plot is a PNG image; give a file name ending in .png, not '{path}'.", nameof(path));
        }

        AtomicFile.WriteAllBytes(path, Render(curves));
    }

    /// <summary>The chart as PNG bytes.</summary>
    public static byte[] Render(TrainingCurves curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var epochs = curves.TrainLoss.Count;
        if (epochs == 0)
        {
            throw new ArgumentException("There is nothing to plot: the history has no epochs.", nameof(curves));
        }

        foreach (var (name, series) in new[]
                 {
                     ("EvalLoss", curves.EvalLoss), ("TrainAccuracy", curves.TrainAccuracy), ("EvalAccuracy", curves.EvalAccuracy),
                     ("TrainLoss", curves.TrainLoss),
                 })
        {
            if (series is not null && (series.Count != epochs || series.Any(v => !double.IsFinite(v))))
            {
                throw new ArgumentException(
                    $"{name} must have one finite value per epoch ({epochs}); got {series.Count} values{(series.Any(v => !double.IsFinite(v)) ? ", not all finite" : "")}.",
                    nameof(curves));
            }
        }

        var x = Enumerable.Range(1, epochs).Select(e => (double)e).ToArray();
        var loss = Panel($"{curves.Title}: loss", curves.LossName, Alignment.UpperRight, x, ("train", curves.TrainLoss, 1), ("eval", curves.EvalLoss, 1));
        var hasAccuracy = curves.TrainAccuracy is not null || curves.EvalAccuracy is not null;
        var accuracy = hasAccuracy
            ? Panel($"{curves.Title}: accuracy", "accuracy (%)", Alignment.LowerRight, x, ("train", curves.TrainAccuracy, 100), ("eval", curves.EvalAccuracy, 100))
            : null;

        var width = hasAccuracy ? 2 * PanelWidth : PanelWidth;
        using var surface = SKSurface.Create(new SKImageInfo(width, Height))
            ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);

        // A plot clears the whole canvas it renders on, so each panel is drawn alone and then placed.
        foreach (var (panel, left) in new[] { (loss, 0), (accuracy, PanelWidth) })
        {
            if (panel is null)
            {
                continue;
            }

            using var panelSurface = SKSurface.Create(new SKImageInfo(PanelWidth, Height))
                ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
            panel.Render(panelSurface);
            using var panelImage = panelSurface.Snapshot();
            surface.Canvas.DrawImage(panelImage, left, 0);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static Plot Panel(string title, string yLabel, Alignment legend, double[] x, params (string Name, IReadOnlyList<double>? Values, double Scale)[] series)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        var colors = new[] { Colors.C0, Colors.C1 };
        for (var i = 0; i < series.Length; i++)
        {
            if (series[i].Values is not { } values)
            {
                continue;
            }

            var scatter = plot.Add.Scatter(x, values.Select(v => v * series[i].Scale).ToArray());
            scatter.LegendText = series[i].Name;
            scatter.Color = colors[i];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
        }

        // Whole epochs only: a step of 1, 2 or 5 × 10^k that gives at most about ten ticks.
        var step = 1.0;
        while (x.Length / step > 10)
        {
            step *= step.ToString(System.Globalization.CultureInfo.InvariantCulture)[0] == '2' ? 2.5 : 2;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(step);
        plot.ShowLegend(legend);
        return plot;
    }
}
