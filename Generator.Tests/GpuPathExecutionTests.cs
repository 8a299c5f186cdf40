using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// Runs the generated ILGPU kernels on ILGPU's CPU accelerator and checks them against a float64 reference written in
/// the tests: the forward pass value by value, the backward pass against central finite differences of
/// L = Σ gradOutput·y. Tolerances: forward 1e-5 and gradients 1e-4, relative to the largest magnitude of the tensor
/// compared (float32 kernels against float64 references).
/// </summary>
public sealed class GpuPathExecutionTests : IDisposable
{
    private readonly Device _device = Device.IlgpuCpu();

    private static readonly ReferenceNetwork CoverageReference = new(
        [2, 9, 8],
        new RefConv(4, 3, 2, Stride: 2, Pad: 1, Bias: false, Act.Tanh),
        new RefAvgPool(3, Stride: 1, Pad: 1, CountIncludePad: false, Act.Relu6),
        new RefAvgPool(3, Stride: 2, Pad: 0, CountIncludePad: true, Act.None),
        new RefMaxPool(2, Stride: 1, Pad: 1, Act.Sigmoid),
        new RefDense(5, Bias: false, Act.Sigmoid),
        new RefDense(3, Bias: true, Act.None));

    private static readonly ReferenceNetwork LeNetReference = new(
        [1, 28, 28],
        new RefConv(6, 5, 5, Stride: 1, Pad: 2, Bias: true, Act.Relu),
        new RefMaxPool(2, Stride: 2, Pad: 0, Act.None),
        new RefConv(16, 5, 5, Stride: 1, Pad: 0, Bias: true, Act.Relu),
        new RefMaxPool(2, Stride: 2, Pad: 0, Act.None),
        new RefDense(120, Bias: true, Act.Relu),
        new RefDense(84, Bias: true, Act.Relu),
        new RefDense(10, Bias: true, Act.None));

    private static readonly ReferenceNetwork EdgesReference = new(
        [2, 6, 6],
        new RefMaxPool(2, Stride: 2, Pad: 0, Act.Relu),
        new RefConv(3, 3, 3, Stride: 1, Pad: 0, Bias: false, Act.None));

    private static readonly ReferenceNetwork MlpReference = new(
        [1, 4, 4],
        new RefDense(5, Bias: true, Act.Tanh),
        new RefDense(2, Bias: true, Act.None));

    [Fact]
    public void A_pool_first_and_a_flatten_last_run_as_the_reference_says()
    {
        var model = CompiledModel.Create(CompiledModel.Load(Models.Edges), "Tests.Edges.Edges", _device, seed: 5);
        Assert.Equal([3], model.OutputShape);
        CheckForwardAndBackward(model, EdgesReference, [2, 6, 6], batch: 2, samplesPerTensor: int.MaxValue);
    }

    [Fact]
    public void A_dense_layer_that_flattens_the_input_runs_as_the_reference_says()
    {
        var model = CompiledModel.Create(CompiledModel.Load(Models.Mlp), "Tests.Mlp.Mlp", _device, seed: 9);
        CheckForwardAndBackward(model, MlpReference, [1, 4, 4], batch: 3, samplesPerTensor: int.MaxValue);
    }

    [Fact]
    public void Without_an_input_gradient_request_Backward_returns_null_and_still_fills_every_parameter_gradient()
    {
        var model = CompiledModel.Create(CompiledModel.Load(Models.Edges), "Tests.Edges.Edges", _device, seed: 5);
        model.Forward(_device.FromArray(Random(144, seed: 4), 2, 2, 6, 6));

        Assert.Null(model.Backward(_device.FromArray(Random(6, seed: 5), 2, 3)));
        Assert.Contains(model.Parameters[0].Grad.ToArray(), v => v != 0);
    }

    [Fact]
    public void Every_layer_option_runs_forward_and_backward_as_the_reference_says()
    {
        var model = CompiledModel.Create(CompiledModel.Load(Models.Coverage), "Coverage", _device, seed: 7);
        CheckForwardAndBackward(model, CoverageReference, [2, 9, 8], batch: 2, samplesPerTensor: int.MaxValue);
    }

    [Fact]
    public void LeNet_runs_forward_and_backward_as_the_reference_says()
    {
        var model = CompiledModel.Create(CompiledModel.Load(Models.LeNet), "Samples.LeNet", _device, seed: 3);
        CheckForwardAndBackward(model, LeNetReference, [1, 28, 28], batch: 2, samplesPerTensor: 12);
    }

    [Fact]
    public void A_new_batch_size_gets_buffers_of_its_own_size()
    {
        var model = CompiledModel.Create(CompiledModel.Load(Models.Coverage), "Coverage", _device, seed: 1);

        var one = model.Forward(_device.FromArray(Random(144, seed: 1), 1, 2, 9, 8));
        Assert.Equal([1, 3], one.Shape);
        var two = model.Forward(_device.FromArray(Random(288, seed: 2), 2, 2, 9, 8));
        Assert.Equal([2, 3], two.Shape);
        Assert.Equal([2, 2, 9, 8], model.Backward(_device.FromArray(Random(6, seed: 3), 2, 3), inputGradient: true)!.Shape);
    }

    public void Dispose() => _device.Dispose();

    private void CheckForwardAndBackward(IModel model, ReferenceNetwork reference, int[] inputShape, int batch, int samplesPerTensor)
    {
        var perSample = inputShape.Aggregate(1, (a, d) => a * d);
        var input = Random(batch * perSample, seed: 11);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().Select(v => (double)v).ToArray()).ToList();
        var inputDouble = input.Select(v => (double)v).ToArray();

        var output = model.Forward(_device.FromArray(input, [batch, .. inputShape])).ToArray();
        var expected = reference.Forward(inputDouble, batch, parameters);
        AssertClose(expected, output.Select(v => (double)v).ToArray(), 1e-5, "forward");

        var gradOutput = Random(output.Length, seed: 13);
        var gradOutputDouble = gradOutput.Select(v => (double)v).ToArray();
        var inputGradient = model.Backward(_device.FromArray(gradOutput, [batch, .. model.OutputShape]), inputGradient: true)!.ToArray();
        var check = new GradientCheck(reference, inputDouble, batch, parameters, gradOutputDouble);

        for (var tensor = 0; tensor < parameters.Count; tensor++)
        {
            var actual = model.Parameters[tensor].Grad.ToArray();
            var indices = Sample(actual.Length, samplesPerTensor, seed: tensor);
            AssertClose(
                indices.Select(i => check.ParameterGradient(tensor, i)).ToArray(),
                indices.Select(i => (double)actual[i]).ToArray(),
                1e-4,
                model.Parameters[tensor].Name);
        }

        var inputIndices = Sample(inputGradient.Length, samplesPerTensor, seed: 99);
        AssertClose(
            inputIndices.Select(check.InputGradient).ToArray(),
            inputIndices.Select(i => (double)inputGradient[i]).ToArray(),
            1e-4,
            "input gradient");
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(expected.Max(Math.Abs), 1e-3);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance * scale,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (scale {scale:G3}, tolerance {tolerance})");
        }
    }

    private static int[] Sample(int length, int count, int seed) =>
        count >= length ? Enumerable.Range(0, length).ToArray() : Enumerable.Range(0, count).Select(_ => new Random(seed + (31 * _)).Next(length)).ToArray();

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }
}
