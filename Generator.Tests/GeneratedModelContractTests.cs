using System.Reflection;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// What the generated class promises through IModel: PyTorch-named parameters in declaration order, seeded PyTorch
/// initialisation (weight then bias, layer by layer), shapes, summary, modes, and argument checks with messages that
/// name the expected and actual shapes.
/// </summary>
public sealed class GeneratedModelContractTests
{
    private static readonly Assembly LeNetAssembly = CompiledModel.Load(Models.LeNet);

    [Fact]
    public void Parameters_are_named_and_shaped_as_a_PyTorch_state_dict_in_declaration_order()
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        Assert.Equal(
            [
                "C1.weight [6, 1, 5, 5]", "C1.bias [6]", "C3.weight [16, 6, 5, 5]", "C3.bias [16]", "F5.weight [120, 400]",
                "F5.bias [120]", "F6.weight [84, 120]", "F6.bias [84]", "Out.weight [10, 84]", "Out.bias [10]",
            ],
            model.Parameters.Select(p => p.ToString()));
        Assert.Equal(61706, model.Parameters.Sum(p => p.Value.Length));
    }

    [Fact]
    public void Initialisation_draws_U_of_plus_minus_one_over_root_fan_in_weight_then_bias_layer_by_layer()
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 42);
        var random = new Random(42);
        int[] fanIns = [25, 25, 150, 150, 400, 400, 120, 120, 84, 84];

        for (var p = 0; p < model.Parameters.Count; p++)
        {
            var bound = 1 / Math.Sqrt(fanIns[p]);
            var expected = Enumerable.Range(0, model.Parameters[p].Value.Length).Select(_ => (float)(((random.NextDouble() * 2) - 1) * bound));
            Assert.Equal(expected, model.Parameters[p].Value.ToArray());
        }
    }

    [Fact]
    public void Layer_properties_return_handles_over_the_same_parameters()
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);
        var c1 = (Conv2d)model.GetType().GetProperty("C1")!.GetValue(model)!;
        var output = (Dense)model.GetType().GetProperty("Out")!.GetValue(model)!;

        Assert.Same(model.Parameters[0], c1.Weight);
        Assert.Same(model.Parameters[1], c1.Bias);
        Assert.Same(model.Parameters[9], output.Bias);
    }

    [Fact]
    public void Shapes_summary_and_modes_are_as_declared()
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        Assert.Equal([1, 28, 28], model.InputShape);
        Assert.Equal([10], model.OutputShape);
        Assert.Contains("F5       Flatten, Dense 400→120, ReLU  [120]         48,120", model.Summary, StringComparison.Ordinal);
        Assert.EndsWith("Total params: 61,706\nForward FLOPs per sample: 839,344\n", model.Summary, StringComparison.Ordinal);
        Assert.True(model.IsTraining);
        model.Eval();
        Assert.False(model.IsTraining);
        model.Train();
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void The_summary_and_the_parameter_count_are_constants_that_need_no_instance()
    {
        var type = LeNetAssembly.GetType("Samples.LeNet")!;
        var summaryText = type.GetField("SummaryText")!;
        var parameterCount = type.GetField("ParameterCount")!;
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        Assert.True(summaryText.IsLiteral);
        Assert.True(parameterCount.IsLiteral);
        Assert.Equal(model.Summary, (string)summaryText.GetRawConstantValue()!);
        Assert.Equal(61_706L, (long)parameterCount.GetRawConstantValue()!);
        Assert.Equal(model.Parameters.Sum(p => (long)p.Value.Length), (long)parameterCount.GetRawConstantValue()!);
    }

    [Theory]
    [InlineData(new[] { 2, 1, 27, 28 })]
    [InlineData(new[] { 1, 28, 28 })]
    public void Forward_rejects_a_wrong_shape_naming_both_shapes(int[] shape)
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(shape)));
        Assert.Equal($"LeNet expects input [batch, 1, 28, 28] on CPU; got [{string.Join(", ", shape)}] on CPU. (Parameter 'input')", error.Message);
    }

    [Fact]
    public void Forward_rejects_an_empty_batch_saying_the_batch_must_be_at_least_1()
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(0, 1, 28, 28)));
        Assert.Equal(
            "LeNet got an empty batch, input [0, 1, 28, 28]: the batch must be at least 1 (expected [batch, 1, 28, 28]). (Parameter 'input')",
            error.Message);
    }

    [Fact]
    public void Forward_rejects_a_tensor_on_another_device()
    {
        using var other = Device.IlgpuCpu();
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(other.Allocate(1, 1, 28, 28)));
        Assert.StartsWith("LeNet expects input [batch, 1, 28, 28] on CPU; got [1, 1, 28, 28] on IlgpuCpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backward_before_any_Forward_is_an_InvalidOperationException()
    {
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", Device.Cpu(), seed: 0);

        var error = Assert.Throws<InvalidOperationException>(() => model.Backward(Device.Cpu().Allocate(1, 10)));
        Assert.Equal("LeNet.Backward needs a Forward call first: it back-propagates through the activations of the last Forward.", error.Message);
    }

    [Fact]
    public void Backward_rejects_a_gradient_for_another_batch_naming_the_expected_shape()
    {
        using var device = Device.IlgpuCpu();
        var model = CompiledModel.Create(LeNetAssembly, "Samples.LeNet", device, seed: 0);
        model.Forward(device.Allocate(2, 1, 28, 28));

        var error = Assert.Throws<ArgumentException>(() => model.Backward(device.Allocate(3, 10)));
        Assert.StartsWith(
            "LeNet.Backward expects gradOutput [2, 10] (the batch of the last Forward) on IlgpuCpu", error.Message, StringComparison.Ordinal);
        Assert.Contains("got [3, 10]", error.Message, StringComparison.Ordinal);
    }
}
