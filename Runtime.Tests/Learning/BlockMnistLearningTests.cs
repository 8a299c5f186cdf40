using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Training;

namespace Strata.Runtime.Tests.Learning;

/// <summary>
/// Real accuracy on real data for models built from blocks: BatchNorm's training and evaluation modes, residual
/// adds and Inception's fan-out and concat work together. Each trains 2 epochs on the first 8,000 MNIST test images
/// and is scored on the last 2,000, which it never saw.
/// </summary>
public class BlockMnistLearningTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void A_small_residual_network_reaches_97_percent() => AssertLearns(new MnistResNet(Device.Cpu(), seed: 1));

    [Fact]
    public void A_small_inception_network_reaches_97_percent() => AssertLearns(new MnistGoogLeNet(Device.Cpu(), seed: 1));

    private void AssertLearns(IModel model)
    {
        var all = Mnist.Load(RepoData.Path("mnist"));
        using var trainer = new Trainer(model, new Adam(model.Parameters, 2e-3f)) { Output = null };

        var before = trainer.Evaluate(all.Slice(8000, 2000), batchSize: 500);
        trainer.Fit(all.Slice(0, 8000), epochs: 2, batchSize: 32, seed: 1);
        var accuracy = trainer.Evaluate(all.Slice(8000, 2000), batchSize: 500);

        output.WriteLine($"{model.GetType().Name}: {accuracy:P2} after 2 epochs (untrained {before:P2})");
        Assert.InRange(before, 0.0f, 0.25f);
        Assert.True(accuracy >= 0.97f, $"{model.GetType().Name}: accuracy {accuracy:P2} after 2 epochs (untrained {before:P2})");
    }
}
