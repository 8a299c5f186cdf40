using Strata.Runtime.Tests.Models;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class ModelFreezingTests
{
    public static TheoryData<string> Optimizers => ["Sgd", "Adam", "AdamW"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Frozen_layers_keep_their_values_while_the_others_train(string kind)
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        model.Freeze(nameof(TinyNet.A), nameof(TinyNet.C));
        IOptimizer optimizer = kind switch
        {
            "Sgd" => new Sgd(model.Parameters, 0.1f, momentum: 0.9f, weightDecay: 0.1f),
            "Adam" => new Adam(model.Parameters, 0.1f, weightDecay: 0.1f),
            _ => new AdamW(model.Parameters, 0.1f, weightDecay: 0.1f),
        };
        var before = model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
        foreach (var parameter in model.Parameters)
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(0.5f, parameter.Grad.Length).ToArray());
        }

        optimizer.Step();
        optimizer.Step();

        Assert.Equal(["A.weight", "A.bias", "C.weight"], model.Parameters.Where(p => p.IsFrozen).Select(p => p.Name));
        foreach (var parameter in model.Parameters)
        {
            var changed = !before[parameter.Name].AsSpan().SequenceEqual(parameter.Value.ToArray());
            Assert.True(changed != parameter.IsFrozen, $"{parameter.Name}: frozen {parameter.IsFrozen}, changed {changed}");
        }

        Assert.Equal(model.Parameters.Count - 3, model.TrainableParameters().Count);
        model.Unfreeze(nameof(TinyNet.A));
        Assert.False(model.Parameters[0].IsFrozen);
    }

    [Fact]
    public void An_unknown_layer_or_one_without_parameters_is_an_ArgumentException_listing_the_layers()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        var error = Assert.Throws<ArgumentException>(() => model.Freeze("A", "B", "Nope"));
        Assert.Contains("'B', 'Nope'", error.Message);
        Assert.Contains("A, C, G, Out", error.Message);
        Assert.DoesNotContain(model.Parameters, p => p.IsFrozen);
    }
}
