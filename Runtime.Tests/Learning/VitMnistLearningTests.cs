using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Samples;

namespace Strata.Runtime.Tests.Learning;

/// <summary>
/// The ViT sample's model learns MNIST digits it has never seen: a short run on the first 1,500 of the 8,000 training
/// images (the sample's full run, 8,000 images with shifted copies, reaches ≥ 95% on the last 2,000; see docs/benchmarks.md).
/// </summary>
public class VitMnistLearningTests
{
    [Fact]
    public void Two_epochs_on_1500_images_score_well_above_chance_on_the_last_2000()
    {
        var all = Mnist.Load(RepoData.Path("mnist"));
        var model = new VitTiny(Device.Cpu(), seed: 1);
        VitTraining.ScaleLikeTimm(model);
        var untrained = Accuracy(model, all.Slice(8000, 2000));

        var accuracy = VitTraining.Train(model, all.Slice(0, 1500), all.Slice(8000, 2000), epochs: 2, batchSize: 32, learningRate: 3e-3f, seed: 1, output: null);

        Assert.InRange(untrained, 0f, 0.25f);
        Assert.True(accuracy >= 0.50f, $"accuracy {accuracy:P2} after two short epochs (untrained: {untrained:P2})");
    }

    private static float Accuracy(IModel model, Dataset data)
    {
        using var trainer = new Strata.Training.Trainer(model, new Strata.Training.Adam(model.Parameters)) { Output = null };
        return trainer.Evaluate(data, batchSize: 500);
    }
}
