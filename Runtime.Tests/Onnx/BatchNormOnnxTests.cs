using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>
/// BatchNorm against ONNX Runtime: the export is the inference graph (BatchNormalization with the running statistics as
/// initializers), so the model is compared in evaluation mode, after training batches have moved its running
/// statistics away from 0 and 1. Tolerance: |strata − ort| ≤ 1e-4 · max(|ort|, 1). Each run draws a fresh seed and
/// names it in a failure.
/// </summary>
public class BatchNormOnnxTests
{
    private const int Batch = 4;

    // BlockNet: residual blocks, a projecting stage and an Inception block, with a BatchNorm after each of their convs.
    public static TheoryData<string> Models() => TestModels.Names(BatchNormModels.All.Append(typeof(BlockNet)));

    [Theory]
    [MemberData(nameof(Models))]
    [Covers(Check.Onnx, typeof(BatchNormAttribute))]
    public void A_trained_model_in_evaluation_mode_matches_onnx_runtime(string modelName)
    {
        var type = TestModels.Named(modelName);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var device = Device.Cpu();
        var model = BatchNormModels.Create(type, device, random);
        for (var step = 0; step < 3; step++)
        {
            model.Forward(device.FromArray(RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -2f, 4f), TestModels.BatchShape(model, Batch)));
        }

        model.Eval();
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -3f, 3f);
        using var oracle = OnnxRuntimeOracle.Export(model);
        var expected = oracle.Run(x).ToDouble();
        var actual = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();

        Closeness.AssertClose(expected, actual, Closeness.ForwardTolerance, what: $"{type.Name} in evaluation mode (seed {seed})");
    }

    [Fact]
    public void The_export_holds_the_running_statistics_under_their_state_dict_names()
    {
        var model = new BatchNormReluPoolNet(Device.Cpu(), seed: 1);
        var text = System.Text.Encoding.UTF8.GetString(model.ToOnnx());

        Assert.Contains("BatchNormalization", text, StringComparison.Ordinal);
        Assert.Contains("GlobalAveragePool", text, StringComparison.Ordinal);
        Assert.Contains("Bn.running_mean", text, StringComparison.Ordinal);
        Assert.Contains("Bn.running_var", text, StringComparison.Ordinal);
    }
}
