using Strata.Training;

namespace Strata.Runtime.Tests.Training;

/// <summary>
/// The per-pixel cross-entropy over [N, C, H, W] scores: hand-computed values, the channel-major layout, and the gradient
/// against central finite differences of a plain float64 loss written here.
/// </summary>
public class PixelCrossEntropyTests
{
    /// <summary>float64: the mean over pixels of log Σ_c exp(s[n, c, p]) − s[n, label, p].</summary>
    private static double ReferenceLoss(double[] scores, int[] labels, int batch, int classes, int plane)
    {
        var total = 0.0;
        for (var n = 0; n < batch; n++)
        {
            for (var p = 0; p < plane; p++)
            {
                var column = Enumerable.Range(0, classes).Select(c => scores[(((n * classes) + c) * plane) + p]).ToArray();
                var max = column.Max();
                total += max + Math.Log(column.Sum(s => Math.Exp(s - max))) - column[labels[(n * plane) + p]];
            }
        }

        return total / (batch * plane);
    }

    [Fact]
    public void Equal_scores_cost_log_C_per_pixel_and_the_gradient_is_uniform_minus_onehot_over_the_pixel_count()
    {
        // N = 1, C = 4, H = 1, W = 2: every softmax is 1/4, every pixel costs ln 4.
        var device = Device.Cpu();
        var gradient = device.Allocate(1, 4, 1, 2);

        var loss = new PixelCrossEntropy().Compute(device.Allocate(1, 4, 1, 2), [3, 0], gradient);

        Assert.Equal(Math.Log(4), loss, 1e-6);

        // Channel-major: [c0p0, c0p1, c1p0, c1p1, c2p0, c2p1, c3p0, c3p1]; (1/4 − onehot) / 2 pixels, where pixel 0's
        // label is 3 (c3p0) and pixel 1's is 0 (c0p1).
        Assert.Equal([0.125f, -0.375f, 0.125f, 0.125f, 0.125f, 0.125f, -0.375f, 0.125f], gradient.ToArray());
    }

    [Fact]
    public void A_pixel_with_scores_ln3_and_0_has_softmax_three_quarters()
    {
        // One pixel, two classes: softmax (3/4, 1/4). Label 0 costs ln(4/3), label 1 ln 4.
        var device = Device.Cpu();
        var scores = device.FromArray([MathF.Log(3), 0f, 0f, MathF.Log(3)], 1, 2, 1, 2);
        var gradient = device.Allocate(1, 2, 1, 2);

        // Pixel 0 scores (ln 3, 0), pixel 1 (0, ln 3); both labelled 0: (ln(4/3) + ln 4) / 2.
        var loss = new PixelCrossEntropy().Compute(scores, [0, 0], gradient);

        Assert.Equal((Math.Log(4.0 / 3) + Math.Log(4)) / 2, loss, 1e-6);
        Assert.Equal([(0.75f - 1) / 2, (0.25f - 1) / 2, 0.25f / 2, 0.75f / 2], gradient.ToArray(), new ToleranceComparer(1e-6f));

        // The sum is the mean times the pixel count; its gradient is not divided.
        Assert.Equal(Math.Log(4.0 / 3) + Math.Log(4), new PixelCrossEntropy().Compute(scores, [0, 0], gradient, Reduction.Sum), 1e-6);
        Assert.Equal([0.75f - 1, 0.25f - 1, 0.25f, 0.75f], gradient.ToArray(), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void Loss_and_gradient_match_central_finite_differences_of_a_float64_reference()
    {
        const int batch = 2, classes = 3, height = 2, width = 3, plane = height * width;
        var random = new Random(7);
        var scores = Enumerable.Range(0, batch * classes * plane).Select(_ => (float)((random.NextDouble() * 6) - 3)).ToArray();
        var labels = Enumerable.Range(0, batch * plane).Select(_ => random.Next(classes)).ToArray();
        var device = Device.Cpu();
        var gradient = device.Allocate(batch, classes, height, width);

        var loss = new PixelCrossEntropy().Compute(device.FromArray(scores, batch, classes, height, width), labels, gradient);

        var point = scores.Select(s => (double)s).ToArray();
        Assert.Equal(ReferenceLoss(point, labels, batch, classes, plane), loss, 1e-6);
        var expected = Reference.FiniteDifferences.Gradient(p => ReferenceLoss(p, labels, batch, classes, plane), point, step: 1e-5);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], gradient.Span[i], 1e-6);
        }
    }

    [Fact]
    public void Predict_takes_each_pixels_largest_channel()
    {
        // Pixel 0: (1, 5, 2) → 1; pixel 1: (7, 0, 7) → 0 (first on a tie).
        var device = Device.Cpu();
        var predicted = new int[2];

        new PixelCrossEntropy().Predict(device.FromArray([1f, 7f, 5f, 0f, 2f, 7f], 1, 3, 1, 2), predicted);

        Assert.Equal([1, 0], predicted);
    }

    [Fact]
    public void Wrong_shapes_labels_and_non_finite_scores_are_rejected()
    {
        var device = Device.Cpu();
        var loss = new PixelCrossEntropy();
        var scores = device.Allocate(1, 2, 1, 2);
        var gradient = device.Allocate(1, 2, 1, 2);

        Assert.Contains("Expected 2 labels", Assert.Throws<ArgumentException>(() => loss.Compute(scores, [0], gradient)).Message, StringComparison.Ordinal);
        Assert.Contains("expected a class in [0, 2)", Assert.Throws<ArgumentException>(() => loss.Compute(scores, [0, 2], gradient)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => loss.Compute(device.Allocate(2, 2), [0, 0], device.Allocate(2, 2)));
        Assert.Throws<ArgumentException>(() => loss.Compute(scores, [0, 0], device.Allocate(1, 2, 2, 1)));
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() =>
            loss.Compute(device.FromArray([0f, float.NaN, 0f, 0f], 1, 2, 1, 2), [0, 0], gradient)).Message, StringComparison.Ordinal);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
