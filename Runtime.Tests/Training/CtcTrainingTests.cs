using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

/// <summary>
/// <see cref="CtcTraining"/>'s bookkeeping: what an epoch and Evaluate report is what the loss, the decoder and the edit
/// distance give on each line alone, and what it cannot train it refuses.
/// </summary>
public class CtcTrainingTests
{
    private static CtcDataset Lines(int count) =>
        DigitLines.Generate(Mnist.Load(RepoData.Path("mnist")), 8000, 2000, count, seed: 5, DigitStringsModel.ColumnsPerStep);

    [Fact]
    public void Evaluate_and_an_epoch_that_changes_nothing_report_each_line_measured_alone()
    {
        var lines = Lines(21);
        var model = new DigitStringsModel(Device.Cpu(), seed: 3);
        using var training = new CtcTraining(model, new Sgd(model.Parameters, learningRate: 0f), batchSize: 8, seed: 1);

        // Each line alone through Predict, the loss (mean reduction of one line: its loss over its label count), greedy.
        var loss = new CtcLoss();
        double lossSum = 0;
        var exact = 0;
        var (errors, characters) = (0, 0);
        for (var i = 0; i < lines.Count; i++)
        {
            using var logits = model.Predict(Device.Cpu().FromArray(lines.Sample(i).ToArray(), 1, 1, DigitLines.Height, DigitLines.Width));
            lossSum += loss.Compute(logits, lines.Labels[i], [lines.InputLengths[i]], [lines.Labels[i].Length], gradLogits: null);
            var read = CtcDecoding.Greedy(logits.ToArray(), DigitLines.Classes, lines.InputLengths[i]);
            var distance = EditDistance.Between(lines.Labels[i], read);
            exact += distance == 0 ? 1 : 0;
            errors += distance;
            characters += lines.Labels[i].Length;
        }

        var evaluated = training.Evaluate(lines);
        var trained = training.RunEpoch(lines);

        foreach (var result in new[] { evaluated, trained })
        {
            Assert.Equal(lossSum / lines.Count, result.MeanLoss, 1e-4 * lossSum / lines.Count);
            Assert.Equal((double)exact / lines.Count, result.LineAccuracy);
            Assert.Equal((double)errors / characters, result.CharacterErrorRate, 1e-12);
        }
    }

    [Fact]
    public void It_refuses_a_model_without_steps_lines_longer_than_its_steps_and_a_loss_without_reduction()
    {
        var lenet = new LeNet(Device.Cpu(), seed: 1);
        Assert.Contains("[steps, classes]", Assert.Throws<ArgumentException>(() => new CtcTraining(lenet, new Sgd(lenet.Parameters, 0.1f), 8, 1)).Message);

        var model = new DigitStringsModel(Device.Cpu(), seed: 3);
        Assert.Throws<ArgumentException>(() => new CtcTraining(model, new Sgd(model.Parameters, 0.1f), 8, 1, new CtcLoss(reduction: Reduction.None)));

        using var training = new CtcTraining(model, new Sgd(model.Parameters, 0.1f), 8, 1);
        var lines = Lines(2);
        var tooLong = new CtcDataset(new float[2 * DigitLines.Height * DigitLines.Width], [1, DigitLines.Height, DigitLines.Width], lines.Labels, [3, 43]);
        Assert.Contains("longer than the model's 42 steps", Assert.Throws<ArgumentException>(() => training.RunEpoch(tooLong)).Message);
    }
}
