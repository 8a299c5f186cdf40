using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// A model built from [Block] uses (<see cref="BlockNet"/>: a residual block with an identity shortcut, a projecting
/// stage of two, an Inception block and an add of two block outputs) against oracles nobody here wrote the blocks
/// for: the float64 reference walks the blocks by reflection from the attributes and each use's arguments (ONNX
/// Runtime runs the export in BatchNormOnnxTests), and central finite differences check every gradient in training and evaluation mode, on
/// the CPU and on the GPU kernels. Parameters and buffers are named by path, and the blocks' properties reach them.
/// </summary>
public class BlockModelTests
{
    private const int Batch = 3;
    private const int Seed = 20261202;

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Forward_and_backward_match_the_float64_reference_walked_through_the_blocks(bool training, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"BlockNet on {device} in {(training ? "training" : "evaluation")} mode (seed {Seed})";
        var random = new Random(Seed);
        var model = BatchNormModels.Create(typeof(BlockNet), device, random);
        if (!training)
        {
            model.Eval();
        }

        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -2f, 2f);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var statistics = BatchNormModels.RunningStatistics(model);

        var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();

        var reference = new AttributeReference(typeof(BlockNet), model);
        var xDouble = x.ToDouble();
        var rDouble = r.ToDouble();
        double[] Forward(double[] input, IReadOnlyList<double[]> weights) => reference.Forward(Batch, input, weights, training, statistics);
        Closeness.AssertClose(Forward(xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, Forward(xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, Forward(values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Fact]
    public void Parameters_and_buffers_are_named_by_path_and_the_blocks_properties_reach_them()
    {
        var model = new BlockNet(Device.Cpu(), seed: 1);
        var names = model.Parameters.Select(p => p.Name).ToList();

        Assert.Equal(
            ["Stem.weight", "Stem.bias", "B1.Conv1.weight", "B1.Conv1.bias", "B1.Bn1.weight", "B1.Bn1.bias"],
            names.Take(6));
        Assert.Contains("Stage.0.Conv3.weight", names);
        Assert.DoesNotContain("Stage.1.Conv3.weight", names);
        Assert.DoesNotContain("B1.Conv3.weight", names);
        Assert.Contains("Mixed.P3b.weight", names);
        Assert.Contains("Stage.1.Bn2.running_var", model.Buffers.Select(b => b.Name));

        Assert.Same(model.Parameters.Single(p => p.Name == "Stage.0.Conv3.weight"), model.Stage[0].Conv3.Weight);
        Assert.Same(model.Parameters.Single(p => p.Name == "B1.Bn2.bias"), model.B1.Bn2.Bias);
        Assert.Equal([4, 3, 1, 1], model.Stage[0].Conv3.Weight.Value.Shape);
        Assert.Equal([4, 4, 3, 3], model.Stage[1].Conv1.Weight.Value.Shape);
        Assert.Equal([2, 4, 1, 1], model.Mixed.P1.Weight.Value.Shape);

        var absent = Assert.Throws<InvalidOperationException>(() => model.B1.Conv3);
        Assert.Contains("ResidualBlock(numChannels: 3, use1x1Conv: false, strides: 1).Conv3", absent.Message, StringComparison.Ordinal);
        Assert.Contains("Stage.0.Conv3", model.Summary, StringComparison.Ordinal);
        Assert.Equal([3], model.OutputShape);
    }

    [Fact]
    public void A_block_outside_a_model_has_no_layers_and_one_instance_serves_one_model()
    {
        var loose = new ResidualBlock(4);
        Assert.Throws<InvalidOperationException>(() => loose.Conv1);

        var model = new BlockNet(Device.Cpu(), seed: 1);
        var error = Assert.Throws<InvalidOperationException>(() => new BlockBinding(new object(), new Dictionary<string, object>()).Use(model.B1, "Again"));
        Assert.Contains("already used by another model", error.Message, StringComparison.Ordinal);
    }

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
