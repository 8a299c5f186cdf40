using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Learning;

/// <summary>Real accuracy on real data: the generated LeNet learns MNIST digits it has never seen.</summary>
public class LeNetMnistLearningTests
{
    [Fact]
    public void One_epoch_on_the_first_8000_test_images_scores_at_least_92_percent_on_the_last_2000()
    {
        var all = Mnist.Load(RepoData.Path("mnist"));
        var model = new LeNet(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(model, new Adam(model.Parameters, 2e-3f)) { Output = null };

        trainer.Fit(all.Slice(0, 8000), epochs: 1, batchSize: 32, seed: 1);
        var accuracy = trainer.Evaluate(all.Slice(8000, 2000), batchSize: 500);

        // One epoch gives about 94% here; the 10-epoch goal (≥ 97.5%) is the sample's, too slow for a Debug test run.
        Assert.True(accuracy >= 0.92f, $"accuracy {accuracy:P2} after one epoch");
    }

    [Fact]
    public void An_untrained_lenet_is_at_chance_so_the_test_above_measures_learning()
    {
        var all = Mnist.Load(RepoData.Path("mnist"));
        var model = new LeNet(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(model, new Adam(model.Parameters)) { Output = null };

        var accuracy = trainer.Evaluate(all.Slice(8000, 2000), batchSize: 500);

        Assert.InRange(accuracy, 0.0f, 0.25f);
    }
}
