using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Onnx;

/// <summary>
/// ONNX Runtime agrees with Strata on every sequence test model (RNN tanh/relu, LSTM and GRU; 1 and 2 layers; uni- and
/// bidirectional; many-to-one; Embedding and OneHot; dropout between layers, in evaluation mode): the generated export
/// run in ORT on the same batch. Without padding, at two sequence lengths (the time dimension is dynamic), ORT gets
/// every length equal to the steps and matches Forward without lengths everywhere; with padding, ORT gets the lengths
/// through the export's "lengths" input and matches Forward(input, lengths) on the valid steps. Tolerance:
/// |strata − ort| ≤ 1e-4 · max(|ort|, 1).
/// </summary>
public class SequenceModelOnnxTests
{
    private const int Batch = 3;

    public static TheoryData<string> Models() =>
        TestModels.Names(SequenceModelGradientTests.Models.Concat(RecurrentDropoutTests.Models).Append(typeof(EmbeddingDenseNet)));

    [Theory]
    [MemberData(nameof(Models))]
    [Covers(Check.Onnx, typeof(RnnAttribute), typeof(LstmAttribute), typeof(GruAttribute), typeof(EmbeddingAttribute), typeof(OneHotAttribute))]
    public void Onnx_runtime_agrees_with_the_generated_forward(string modelName)
    {
        var type = TestModels.Named(modelName);
        var seed = Random.Shared.Next();
        var model = TestModels.Create(type, Device.Cpu(), seed);
        model.Eval();
        var random = new Random(seed);
        using var session = new InferenceSession((byte[])((dynamic)model).ToOnnx());
        foreach (var steps in new[] { 5, 2 })
        {
            var (x, shape) = RandomInput(type, model, steps, random);

            var strata = model.Forward(Device.Cpu().FromArray(x, shape)).ToArray();
            var ort = Run(session, x, shape, Enumerable.Repeat(steps, Batch).ToArray());

            Closeness.AssertClose(ort.ToDouble(), strata, Closeness.ForwardTolerance, what: $"{type.Name} with {steps} steps (seed {seed})");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_fed_with_lengths_agrees_with_forward_with_lengths_on_the_valid_steps(string modelName)
    {
        const int steps = 5;
        int[] lengths = [2, steps, 1];
        var type = TestModels.Named(modelName);

        // A fixed draw per model: with a fresh one every run, a ReLU net could now and then draw weights under which
        // padding moves no valid output by more than 1e-5, and the check below failed at random.
        var seed = modelName.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
        var what = $"{type.Name} with lengths [{string.Join(", ", lengths)}] (seed {seed})";
        var model = TestModels.Create(type, Device.Cpu(), seed);
        model.Eval();
        using var session = new InferenceSession((byte[])((dynamic)model).ToOnnx());
        var (x, shape) = RandomInput(type, model, steps, new Random(seed));

        Tensor output = ((dynamic)model).Forward(Device.Cpu().FromArray(x, shape), lengths);
        var strata = output.ToArray();
        var ort = Run(session, x, shape, lengths);

        var perStep = model.OutputShape[0] == -1;
        Closeness.AssertClose(Valid(ort, perStep, steps, lengths).ToDouble(), Valid(strata, perStep, steps, lengths), Closeness.ForwardTolerance, what: what);

        // Where padding changes the valid outputs (a reverse direction, or many-to-one), the lengths must have reached ORT.
        // A ReLU layer whose random weights leave every valid output at 0 cannot show it, so such a draw skips the check.
        // Some draws move the valid outputs by only a few 1e-4 (seen: 4e-4 at most), far above float rounding (1e-7).
        if (LengthsChangeValidOutputs(type) && Valid(ort, perStep, steps, lengths).Any(value => value != 0))
        {
            var full = Run(session, x, shape, Enumerable.Repeat(steps, Batch).ToArray());
            Assert.Contains(Valid(full, perStep, steps, lengths).Zip(Valid(ort, perStep, steps, lengths)), pair => Math.Abs(pair.First - pair.Second) > 1e-5);
        }
    }

    [Fact]
    public void The_export_declares_an_int32_lengths_input_with_the_batch_dimension_of_the_input()
    {
        using var session = new InferenceSession(new StackedBiLstmNet(Device.Cpu(), 1).ToOnnx());

        Assert.Equal(["input", "lengths"], session.InputMetadata.Keys.Order());
        var lengths = session.InputMetadata["lengths"];
        Assert.Equal(typeof(int), lengths.ElementType);
        Assert.Equal([-1], lengths.Dimensions);
        Assert.Equal("batch", lengths.SymbolicDimensions[0]);
        Assert.Equal("batch", session.InputMetadata["input"].SymbolicDimensions[0]);
    }

    private static (float[] X, int[] Shape) RandomInput(Type type, IModel model, int steps, Random random)
    {
        var tokens = model.InputShape.Count == 1;
        var vocab = tokens ? type.GetCustomAttribute<InputAttribute>()!.Shape[^1] : 0;
        var x = tokens
            ? Enumerable.Range(0, Batch * steps).Select(_ => (float)random.Next(vocab)).ToArray()
            : RandomData.Uniform(random, Batch * steps * model.InputShape[1], -2, 2);
        return (x, tokens ? [Batch, steps] : [Batch, steps, model.InputShape[1]]);
    }

    private static float[] Run(InferenceSession session, float[] x, int[] shape, int[] lengths)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape.Select(d => (long)d).ToArray());
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(lengths, [lengths.Length]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["input", "lengths"], [input, lengthsValue], ["output"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The outputs at valid steps: all of a [N, size] output, those with t &lt; lengths[n] of a [N, T, size] one.</summary>
    private static float[] Valid(float[] output, bool perStep, int steps, int[] lengths)
    {
        if (!perStep)
        {
            return output;
        }

        var size = output.Length / (lengths.Length * steps);
        return Enumerable.Range(0, lengths.Length)
            .SelectMany(n => output.Skip(n * steps * size).Take(lengths[n] * size))
            .ToArray();
    }

    private static bool LengthsChangeValidOutputs(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => p.GetCustomAttribute<LayerAttribute>())
            .OfType<RecurrentAttribute>()
            .Any(layer => layer.Bidirectional || !layer.ReturnSequences);
}
