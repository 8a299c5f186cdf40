using Strata.Samples;

namespace Strata.Runtime.Tests.Learning;

/// <summary>The seed's corr2d example (Dive into Deep Learning §7.2) on the generated Corr2dNet.</summary>
public class Corr2dLearningTests
{
    [Fact]
    public void With_kernel_one_minus_one_the_generated_model_gives_the_seeds_edges_exactly()
    {
        var device = Device.Cpu();
        var model = new Corr2dNet(device, seed: 0);
        model.K.Weight.Value.CopyFrom([1f, -1f]);

        var y = model.Forward(device.FromArray(Corr2dExperiment.Input(), 1, 1, 6, 8)).ToArray();

        Assert.Equal([1, 6, 7], model.OutputShape);
        for (var r = 0; r < 6; r++)
        {
            Assert.Equal([0f, 1f, 0f, 0f, 0f, -1f, 0f], y.AsSpan(r * 7, 7).ToArray());
        }
    }

    [Fact]
    public void Gradient_descent_learns_the_kernel_back_within_0_05_in_20_epochs()
    {
        var losses = new List<float>();

        var kernel = Corr2dExperiment.Learn(epochs: 20, onEpoch: (_, loss) => losses.Add(loss));

        Assert.InRange(kernel[0], 0.95f, 1.05f);
        Assert.InRange(kernel[1], -1.05f, -0.95f);
        Assert.True(losses[^1] < losses[0] / 100, $"loss should fall a hundredfold: {string.Join(", ", losses)}");
    }
}
