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
        const int steps = 20, count = 2;
        var digits = Mnist.Load(RepoData.Path("mnist")).Slice(0, 100);
        var canvases = DigitCanvases.Generate(digits, count, seed: 2);
        var model = FcnTraining.CreateModel(Device.Cpu(), seed: 3);

        var (losses, _) = FcnTraining.Train(model, _ => canvases, stepsPerEpoch: 1, epochs: steps, batchSize: count, learningRate: 5e-3f);

        // From about ln 11 = 2.4 (a fresh model) to far below what the best background-only guess costs.
        Assert.True(losses[0] > 1.5f && losses[^1] < 0.25f * losses[0], $"loss {losses[0]} → {losses[^1]}");

        // The predictions with the batch's statistics (20 steps leave BatchNorm's running averages 12% short of them,
        // which is what an evaluation-mode forward would use).
        IModel imodel = model;
        imodel.Train();
        var predicted = new int[canvases.Count * canvases.PixelCount];
        new PixelCrossEntropy().Predict(imodel.Forward(imodel.Device.FromArray(canvases.Images.Span, count, 1, 64, 64)), predicted);
        var metrics = new SegmentationMetrics(SegmentationSet.ClassCount);
        metrics.Add(predicted, canvases.Labels.Span);
        var background = FcnTraining.BackgroundEverywhereMeanIoU(canvases);
        Assert.True(metrics.MeanIoU > background + 0.1, $"mean IoU {metrics.MeanIoU:F4}, background everywhere {background:F4}");
    }
}
