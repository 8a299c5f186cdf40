using Microsoft.ML.OnnxRuntime;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>
/// ONNX Runtime as the forward oracle: each model is exported, loaded by ORT, and run by both on the same random
/// input, in training and in evaluation mode. Tolerance: |strata − ort| ≤ 1e-4 · max(|ort|, 1). Every run draws a
/// fresh seed (for the weights and the input) and names it in a failure, so a failure reproduces.
/// The export is the inference graph; no layer yet differs between the modes, so both must match it. A layer that
/// does (Dropout) compares in evaluation mode only.
/// </summary>
public class GeneratedModelOnnxTests
{
    private const int Batch = 3;

    public static TheoryData<string> LayerModels() => TestModels.Names(TestModels.Layers.Concat(TestModels.FusedActivations));

    public static TheoryData<string> WholeModels() => TestModels.Names(TestModels.Whole);

    [Theory]
    [MemberData(nameof(LayerModels))]
    [Covers(Check.Onnx, typeof(ConvAttribute), typeof(MaxPoolAttribute), typeof(AvgPoolAttribute), typeof(DenseAttribute), typeof(FlattenAttribute), typeof(AddAttribute), typeof(ConcatAttribute), typeof(SoftmaxAttribute), typeof(GeluAttribute), typeof(ConvTransposeAttribute), typeof(GlobalAvgPoolAttribute), typeof(AdaptiveAvgPoolAttribute))]
    [Covers(Check.Onnx, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute), typeof(LeakyReluAttribute))]
    public void Each_layer_on_the_cpu_matches_onnx_runtime(string model) =>
        AssertMatchesOnnxRuntime(TestModels.Named(model), Device.Cpu());

    [Theory]
    [MemberData(nameof(WholeModels))]
    public void Whole_models_on_the_cpu_match_onnx_runtime(string model) =>
        AssertMatchesOnnxRuntime(TestModels.Named(model), Device.Cpu());

    [Fact]
    [Covers(Check.Onnx, typeof(DropoutAttribute))]
    public void A_model_with_dropout_in_evaluation_mode_matches_onnx_runtime() =>
        AssertMatchesOnnxRuntime(typeof(DropoutNet), Device.Cpu(), modes: [false]);

    [Fact]
    public void TinyNet_on_the_ilgpu_cpu_accelerator_exports_its_weights_and_matches_onnx_runtime()
    {
        using var gpu = Device.IlgpuCpu();
        AssertMatchesOnnxRuntime(typeof(TinyNet), gpu);
    }

    [Fact]
    public void The_export_has_a_dynamic_batch_named_input_and_output_and_state_dict_initializers()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        var bytes = model.ToOnnx();

        using var session = new InferenceSession(bytes);
        Assert.Equal([-1, 2, 9, 8], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata["output"].Dimensions);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.All(model.Parameters, p => Assert.Contains(p.Name, text, StringComparison.Ordinal));
    }

    private static void AssertMatchesOnnxRuntime(Type type, Device device, bool[]? modes = null)
    {
        var seed = Random.Shared.Next();
        var model = TestModels.Create(type, device, seed);
        var scale = TestModels.InputScale(type);
        var x = RandomData.Uniform(new Random(seed), Batch * TestModels.Elements(model.InputShape), -scale, scale);
        using var oracle = OnnxRuntimeOracle.Export(model);
        var expected = oracle.Run(x).ToDouble();

        foreach (var training in modes ?? [true, false])
        {
            if (training)
            {
                model.Train();
            }
            else
            {
                model.Eval();
            }

            using var input = device.FromArray(x, TestModels.BatchShape(model, Batch));
            var actual = model.Forward(input).ToArray();
            Closeness.AssertClose(expected, actual, Closeness.ForwardTolerance,
                what: $"{type.Name} on {device} in {(training ? "training" : "evaluation")} mode (seed {seed})");
        }
    }
}
