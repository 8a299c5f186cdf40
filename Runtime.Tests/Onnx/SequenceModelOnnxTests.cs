using Microsoft.ML.OnnxRuntime;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>
/// ONNX Runtime agrees with Strata on every sequence test model (RNN tanh/relu, LSTM and GRU; 1 and 2 layers; uni- and
/// bidirectional; many-to-one; Embedding and OneHot): the generated export run in ORT on the same batch, at two
/// sequence lengths (the time dimension is dynamic). Tolerance: |strata − ort| ≤ 1e-4 · max(|ort|, 1).
/// </summary>
public class SequenceModelOnnxTests
{
    private const int Batch = 3;

    public static TheoryData<string> Models() => TestModels.Names(SequenceModelGradientTests.Models);

    [Theory]
    [MemberData(nameof(Models))]
    [Covers(Check.Onnx, typeof(RnnAttribute), typeof(LstmAttribute), typeof(GruAttribute), typeof(EmbeddingAttribute), typeof(OneHotAttribute))]
    public void Onnx_runtime_agrees_with_the_generated_forward(string modelName)
    {
        var type = TestModels.Named(modelName);
        var device = Device.Cpu();
        var seed = Random.Shared.Next();
        var model = TestModels.Create(type, device, seed);
        var random = new Random(seed);
        using var session = new InferenceSession((byte[])((dynamic)model).ToOnnx());
        var tokens = model.InputShape.Count == 1;
        foreach (var steps in new[] { 5, 2 })
        {
            var vocab = tokens ? type.GetCustomAttributes(typeof(InputAttribute), false).Cast<InputAttribute>().Single().Shape[^1] : 0;
            var x = tokens
                ? Enumerable.Range(0, Batch * steps).Select(_ => (float)random.Next(vocab)).ToArray()
                : RandomData.Uniform(random, Batch * steps * model.InputShape[1], -2, 2);
            int[] shape = tokens ? [Batch, steps] : [Batch, steps, model.InputShape[1]];

            var strata = model.Forward(device.FromArray(x, shape)).ToArray();
            using var value = OrtValue.CreateTensorValueFromMemory(x, shape.Select(d => (long)d).ToArray());
            using var options = new RunOptions();
            using var results = session.Run(options, ["input"], [value], ["output"]);
            var ort = results[0].GetTensorDataAsSpan<float>().ToArray();

            Closeness.AssertClose(ort.ToDouble(), strata, Closeness.ForwardTolerance, what: $"{type.Name} with {steps} steps (seed {seed})");
        }
    }
}
