using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Training;
using Strata.Zoo;

namespace Strata.Runtime.Tests.Zoo;

/// <summary>
/// A few steps of the zoo's FCN (<see cref="FcnResNet18Digits"/>) on a handful of MNIST canvases: the per-pixel loss
/// falls, and the model then segments those canvases better than predicting background everywhere (the full run,
/// <c>Zoo --train fcn</c>, is a sample, not a test).
/// </summary>
public class FcnTrainingTests
{
    [Fact]
    public void A_few_steps_lower_the_loss_and_beat_background_everywhere_on_the_canvases()
    {
        const int steps = 40;
        var digits = Mnist.Load(RepoData.Path("mnist")).Slice(0, 100);
        var canvases = DigitCanvases.Generate(digits, count: 4, seed: 2);
        var model = FcnTraining.CreateModel(Device.Cpu(), seed: 3);

        var (losses, _) = FcnTraining.Train(model, _ => canvases, stepsPerEpoch: 1, epochs: steps, batchSize: 4, learningRate: 3e-3f);

        // The first loss is about ln 11 (2.4) or above, from a fresh model; the last ones far below.
        Assert.True(losses[^3..].Average() < 0.5 * losses[0], $"loss {losses[0]} → {string.Join(", ", losses[^3..])}");
        var background = FcnTraining.BackgroundEverywhereMeanIoU(canvases);
        var metrics = FcnTraining.Evaluate(model, canvases);
        Assert.True(metrics.MeanIoU > background + 0.1, $"mean IoU {metrics.MeanIoU:F4}, background everywhere {background:F4}");
    }
}
