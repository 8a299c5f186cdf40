using Microsoft.ML.OnnxRuntime;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Onnx;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// LayerNorm in generated models (over a vector's features, a whole image [C, H, W], and each step of a sequence), with
/// random weights and biases (not PyTorch's 1 and 0), on the CPU and on the GPU kernels (ILGPU's CPU accelerator): the
/// forward pass against a float64 reference written from nn.LayerNorm's definition (≤ 1e-4) and ONNX Runtime's
/// LayerNormalization (≤ 1e-4, fresh seed per run), in training and evaluation mode (they compute the same), and
/// central finite differences of the reference for every parameter and the input (≤ 1e-3), sequences with and without
/// padded steps.
/// </summary>
public class LayerNormModelTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Seed = 20261202;

    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var model in LayerNormModels.Images)
        {
            foreach (var training in new[] { true, false })
            {
                data.Add(model.AssemblyQualifiedName!, training, false);
                data.Add(model.AssemblyQualifiedName!, training, true);
            }
        }

        return data;
    }

    public static TheoryData<string> Models() => TestModels.Names(LayerNormModels.Images);

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(LayerNormAttribute))]
    public void Forward_and_backward_match_the_float64_reference_in_both_modes(string modelName, bool training, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"{type.Name} on {device} in {(training ? "training" : "evaluation")} mode (seed {Seed})";
        var random = new Random(Seed);
        var model = LayerNormModels.Create(type, device, random);
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }

        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -3f, 3f);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();

        var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();

        var reference = new AttributeReference(type);
        var (xDouble, rDouble) = (x.ToDouble(), r.ToDouble());
        Closeness.AssertClose(reference.Forward(Batch, xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Theory]
    [MemberData(nameof(Models))]
    [Covers(Check.Onnx, typeof(LayerNormAttribute))]
    public void Both_modes_match_onnx_runtimes_LayerNormalization(string modelName)
    {
        var type = TestModels.Named(modelName);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var device = Device.Cpu();
        var model = LayerNormModels.Create(type, device, random);
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -3f, 3f);
        using var oracle = OnnxRuntimeOracle.Export(model);
        var expected = oracle.Run(x).ToDouble();

        foreach (var training in new[] { true, false })
        {
            if (training)
            {
                model.Train();
            }
            else
            {
                model.Eval();
            }

            var actual = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
            Closeness.AssertClose(expected, actual, Closeness.ForwardTolerance, what: $"{type.Name} in {(training ? "training" : "evaluation")} mode (seed {seed})");
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Each_step_of_a_sequence_is_normalised_over_its_features_and_backward_matches_finite_differences(bool withLengths, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"LayerNormSequenceNet{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {Seed})";
        var random = new Random(Seed);
        var model = LayerNormModels.Create(typeof(LayerNormSequenceNet), device, random);
        int[]? lengths = withLengths ? [Steps, 2, 1] : null;
        var x = RandomData.Uniform(random, Batch * Steps * 3, -2, 2);
        var r = RandomData.Uniform(random, Batch * Steps * 2);

        Tensor output = ((dynamic)model).Forward(device.FromArray(x, [Batch, Steps, 3]), lengths);
        var y = output.ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, Steps, 2]), inputGradient: true)!.ToArray();

        var reference = new SequenceReference(typeof(LayerNormSequenceNet));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var (xDouble, rDouble) = (x.ToDouble(), r.ToDouble());
        Closeness.AssertClose(reference.Forward(Batch, Steps, xDouble, parameters, lengths), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, xDouble, With(parameters, index, values), lengths)), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(
            values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, values, parameters, lengths)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Fact]
    public void A_sequence_model_matches_onnx_runtime_at_two_lengths_and_on_the_valid_steps_of_padded_sequences()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var model = LayerNormModels.Create(typeof(LayerNormSequenceNet), Device.Cpu(), random);
        model.Eval();
        using var session = new InferenceSession(((LayerNormSequenceNet)model).ToOnnx());
        foreach (var steps in new[] { 5, 2 })
        {
            var x = RandomData.Uniform(random, Batch * steps * 3, -2, 2);
            var strata = model.Forward(Device.Cpu().FromArray(x, [Batch, steps, 3])).ToArray();
            var ort = Run(session, x, steps, Enumerable.Repeat(steps, Batch).ToArray());
            Closeness.AssertClose(ort.ToDouble(), strata, Closeness.ForwardTolerance, what: $"LayerNormSequenceNet with {steps} steps (seed {seed})");
        }

        int[] lengths = [2, 5, 1];
        var padded = RandomData.Uniform(random, Batch * 5 * 3, -2, 2);
        Tensor output = ((LayerNormSequenceNet)model).Forward(Device.Cpu().FromArray(padded, [Batch, 5, 3]), lengths);
        var valid = Valid(output.ToArray(), lengths);
        Closeness.AssertClose(Valid(Run(session, padded, 5, lengths), lengths).ToDouble(), valid, Closeness.ForwardTolerance,
            what: $"LayerNormSequenceNet with lengths (seed {seed})");
    }

    [Fact]
    public void Parameters_have_the_normalised_shape_and_start_at_one_and_zero_as_in_pytorch()
    {
        var image = new LayerNormImageNet(Device.Cpu(), 1);
        var sequence = new LayerNormSequenceNet(Device.Cpu(), 1);

        Assert.Equal(["Conv.weight [3, 2, 3, 3]", "Conv.bias [3]", "Norm.weight [3, 4, 3]", "Norm.bias [3, 4, 3]", "Out.weight [2, 36]", "Out.bias [2]"],
            image.Parameters.Select(p => p.ToString()));
        Assert.Equal(["Norm.weight [4]", "Norm.bias [4]"], sequence.Parameters.Where(p => p.Name.StartsWith("Norm.", StringComparison.Ordinal)).Select(p => p.ToString()));
        Assert.All(image.Norm.Weight.Value.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(image.Norm.Bias.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.Same(image.Parameters[2], image.Norm.Weight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_sample_whose_values_are_all_equal_gives_the_bias_and_finite_gradients(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new LayerNormOnlyNet(device, 1);
        float[] bias = [0.5f, -1f, 2f, 0f, 3f];
        model.Norm.Bias.Value.CopyFrom(bias);

        var y = model.Forward(device.FromArray([7f, 7f, 7f, 7f, 7f, -2f, 1f, 0f, 4f, 3f], [2, 5])).ToArray();
        var dx = model.Backward(device.FromArray(RandomData.Uniform(new Random(5), 10), [2, 5]), inputGradient: true)!.ToArray();

        Assert.Equal(bias, y[..5]);
        Assert.NotEqual(bias, y[5..]);
        Assert.All(dx.Concat(model.Parameters.SelectMany(p => p.Grad.ToArray())), v => Assert.True(float.IsFinite(v), $"{v} is not finite"));
    }

    [Theory]
    [InlineData(typeof(LayerNormImageNet), false)]
    [InlineData(typeof(LayerNormImageNet), true)]
    [InlineData(typeof(LayerNormSequenceNet), false)]
    [InlineData(typeof(AdaptiveAvgPoolDividingNet), false)]
    [InlineData(typeof(AdaptiveAvgPoolNet), true)]
    public void Predict_computes_what_forward_does(Type type, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed);
        var model = LayerNormModels.Create(type, device, random);
        int[] shape = model.InputShape[0] == -1 ? [Batch, Steps, .. model.InputShape.Skip(1)] : TestModels.BatchShape(model, Batch);
        using var x = device.FromArray(RandomData.Uniform(random, shape.Aggregate(1, (a, d) => a * d), -3f, 3f), shape);

        using var predicted = model.Predict(x);

        Closeness.AssertClose(model.Forward(x).ToArray().ToDouble(), predicted.ToArray(), 1e-6, what: $"{type.Name} on {device}");
    }

    private static float[] Run(InferenceSession session, float[] x, int steps, int[] lengths)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(x, [Batch, steps, 3]);
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(lengths, [lengths.Length]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["input", "lengths"], [input, lengthsValue], ["output"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The outputs [N, 5, 2] at steps t &lt; lengths[n].</summary>
    private static float[] Valid(float[] output, int[] lengths) =>
        Enumerable.Range(0, lengths.Length).SelectMany(n => output.Skip(n * 5 * 2).Take(lengths[n] * 2)).ToArray();

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
