using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Learning;

/// <summary>
/// CTC learning on real data: the DigitStrings CRNN, trained briefly on lines of the first 8,000 MNIST t10k images, reads
/// lines of the last 2,000 far better than an untrained one; and the lines are what the sample says they are.
/// </summary>
public class DigitStringsLearningTests
{
    private static readonly Lazy<Dataset> Digits = new(() => Mnist.Load(RepoData.Path("mnist")));

    private static CtcDataset Lines(int first, int images, int count, int seed) =>
        DigitLines.Generate(Digits.Value, first, images, count, seed, DigitStringsModel.ColumnsPerStep, jitter: 2);

    [Fact]
    public void A_short_training_reads_unseen_lines_with_a_character_error_rate_below_40_percent()
    {
        var train = Lines(0, 8000, 1500, seed: 1);
        var test = Lines(8000, 2000, 200, seed: 2);
        var model = new DigitStringsModel(Device.Cpu(), seed: 1);
        using var training = new CtcTraining(model, new Adam(model.Parameters, 3e-3f), batchSize: 32, seed: 1) { ClipNorm = 5f };
        var before = training.Evaluate(test);

        for (var epoch = 0; epoch < 2; epoch++)
        {
            training.RunEpoch(train);
        }

        var after = training.Evaluate(test);

        // An untrained model reads (almost) nothing: CER near 100%. The full sample run reaches about 2.5% (docs/benchmarks.md).
        Assert.True(before.CharacterErrorRate > 0.9, $"untrained CER {before.CharacterErrorRate:P1}");
        Assert.True(after.CharacterErrorRate < 0.4, $"CER {after.CharacterErrorRate:P1} after 2 short epochs (loss {after.MeanLoss:F3}, lines {after.LineAccuracy:P1})");
        Assert.True(after.MeanLoss < before.MeanLoss / 2, $"loss {before.MeanLoss:F3} → {after.MeanLoss:F3}");
    }

    [Fact]
    public void Lines_hold_3_to_6_digits_ink_only_within_their_valid_width_and_labels_that_are_the_digits_plus_one()
    {
        var lines = Lines(8000, 2000, 300, seed: 7);

        Assert.Equal([1, DigitLines.Height, DigitLines.Width], lines.SampleShape.ToArray());
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.InRange(lines.Labels[i].Length, DigitLines.MinDigits, DigitLines.MaxDigits);
            Assert.All(lines.Labels[i], label => Assert.InRange(label, 1, 10));
            Assert.InRange(lines.InputLengths[i], 1, DigitLines.Width / DigitStringsModel.ColumnsPerStep);
            var valid = lines.InputLengths[i] * DigitStringsModel.ColumnsPerStep;
            var sample = lines.Sample(i).ToArray();
            for (var r = 0; r < DigitLines.Height; r++)
            {
                for (var c = valid; c < DigitLines.Width; c++)
                {
                    Assert.Equal(0f, sample[r * DigitLines.Width + c]);
                }
            }

            // The last column that counts holds ink of the last digit.
            var last = Enumerable.Range(0, DigitLines.Width).Last(c => Enumerable.Range(0, DigitLines.Height).Any(r => sample[r * DigitLines.Width + c] > 0.1f));
            Assert.Equal(lines.InputLengths[i], (last + DigitStringsModel.ColumnsPerStep) / DigitStringsModel.ColumnsPerStep);
        }

        // The same seed draws the same lines.
        Assert.Equal(lines.Labels, Lines(8000, 2000, 300, seed: 7).Labels);
    }
}
