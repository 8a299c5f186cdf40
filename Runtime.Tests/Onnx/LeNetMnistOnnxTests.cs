using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Runtime.Tests.Reference;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>A trained LeNet, exported and run by ONNX Runtime, predicts what Strata predicts on real digits.</summary>
public class LeNetMnistOnnxTests
{
    [Fact]
    public void A_trained_lenet_exported_to_onnx_gives_the_same_predictions_as_strata_on_the_2000_evaluation_images()
    {
        var all = Mnist.Load(RepoData.Path("mnist"));
        var model = new LeNet(Device.Cpu(), seed: 1);
        using (var trainer = new Trainer(model, new Adam(model.Parameters, 2e-3f)) { Output = null })
        {
            // Trained, so that the logits are far from the near-uniform ones of an untrained net.
            trainer.Fit(all.Slice(0, 8000), epochs: 1, batchSize: 32, seed: 1);
        }

        model.Eval();
        var evaluation = all.Slice(8000, 2000);
        using var oracle = OnnxRuntimeOracle.Export(model);
        var images = evaluation.Features.ToArray();
        var expected = oracle.Run(images);
        var actual = model.Forward(Device.Cpu().FromArray(images, evaluation.Count, 1, 28, 28)).ToArray();

        Closeness.AssertClose(expected.ToDouble(), actual, Closeness.ForwardTolerance, what: "LeNet logits");
        var disagreements = Enumerable.Range(0, evaluation.Count)
            .Where(i => ArgMax(expected.AsSpan(i * 10, 10)) != ArgMax(actual.AsSpan(i * 10, 10)))
            .ToList();
        Assert.True(disagreements.Count == 0, $"argmax differs on images {string.Join(", ", disagreements)}");
        var correct = Enumerable.Range(0, evaluation.Count).Count(i => ArgMax(expected.AsSpan(i * 10, 10)) == evaluation.Label(i));
        Assert.True(correct >= 1800, $"ONNX Runtime scores {correct}/2000: the export should carry the trained weights");
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
