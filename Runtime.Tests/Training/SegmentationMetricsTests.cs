using Strata.Training;

namespace Strata.Runtime.Tests.Training;

/// <summary>Per-pixel accuracy and mean IoU on cases small enough to count by hand.</summary>
public class SegmentationMetricsTests
{
    [Fact]
    public void Four_pixels_by_hand()
    {
        // Truth 0 0 1 1, prediction 0 1 1 1, three classes.
        // Class 0: ∩ 1, ∪ 2 → 1/2. Class 1: ∩ 2, ∪ 3 → 2/3. Class 2: in neither, left out of the mean.
        var metrics = new SegmentationMetrics(3);

        metrics.Add([0, 1, 1, 1], [0, 0, 1, 1]);

        Assert.Equal(0.75, metrics.PixelAccuracy, 1e-12);
        Assert.Equal(0.5, metrics.IoU(0), 1e-12);
        Assert.Equal(2.0 / 3, metrics.IoU(1), 1e-12);
        Assert.True(double.IsNaN(metrics.IoU(2)));
        Assert.Equal(((1.0 / 2) + (2.0 / 3)) / 2, metrics.MeanIoU, 1e-12);
        Assert.Equal(1, metrics.Count(truth: 0, predicted: 1));
        Assert.Equal(4, metrics.PixelCount);
    }

    [Fact]
    public void A_class_only_predicted_counts_with_IoU_zero()
    {
        // Truth 0 0, prediction 0 2: class 0 ∩ 1 ∪ 2 → 1/2; class 2 is predicted but absent, ∩ 0 ∪ 1 → 0; class 1 left out.
        var metrics = new SegmentationMetrics(3);

        metrics.Add([0, 2], [0, 0]);

        Assert.Equal(0.0, metrics.IoU(2));
        Assert.Equal(0.25, metrics.MeanIoU, 1e-12);
    }

    [Fact]
    public void Background_everywhere_scores_the_background_fraction_over_the_classes_present()
    {
        // 10 pixels: 7 background (class 3), one each of classes 0, 1, 2. All predicted background:
        // background IoU 7/10, the three digit classes 0 → mean 0.7 / 4.
        var metrics = new SegmentationMetrics(4);
        int[] truth = [3, 3, 0, 3, 1, 3, 3, 2, 3, 3];

        metrics.Add(Enumerable.Repeat(3, 10).ToArray(), truth);

        Assert.Equal(0.7, metrics.PixelAccuracy, 1e-12);
        Assert.Equal(0.7 / 4, metrics.MeanIoU, 1e-12);
    }

    [Fact]
    public void Batches_accumulate_as_one_and_Clear_forgets()
    {
        var whole = new SegmentationMetrics(3);
        whole.Add([0, 1, 2, 2, 1, 0], [0, 1, 1, 2, 2, 0]);
        var parts = new SegmentationMetrics(3);
        parts.Add([0, 1, 2], [0, 1, 1]);
        parts.Add([2, 1, 0], [2, 2, 0]);

        Assert.Equal(whole.MeanIoU, parts.MeanIoU, 1e-15);
        Assert.Equal(whole.PixelAccuracy, parts.PixelAccuracy, 1e-15);

        parts.Clear();
        Assert.Equal(0, parts.PixelCount);
        Assert.True(double.IsNaN(parts.MeanIoU));
        Assert.True(double.IsNaN(parts.PixelAccuracy));
    }

    [Fact]
    public void Out_of_range_classes_and_mismatched_lengths_are_rejected()
    {
        var metrics = new SegmentationMetrics(2);

        Assert.Throws<ArgumentException>(() => metrics.Add([0, 2], [0, 0]));
        Assert.Throws<ArgumentException>(() => metrics.Add([0], [0, 0]));
        Assert.Equal(0, metrics.PixelCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentationMetrics(0));
    }
}
