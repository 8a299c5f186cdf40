using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Model-level checks of generated sequence models on the CPU and on the GPU path (run by ILGPU's CPU accelerator): the output against a float64 reference read from the
/// attributes (|error| ≤ 1e-4 · max(|y|, 1)), and every parameter's gradient and the input gradient against central
/// finite differences of that reference (|error| ≤ 1e-3 · max(|g|, 1)). Each cell, stacked and bidirectional layers,
/// ReturnSequences = false, Embedding, OneHot and variable lengths. The seed is fixed (ReLU kinks; see GeneratedModelGradientTests).
/// </summary>
public class SequenceModelGradientTests
{
    private const int Batch = 2;
    private const int Steps = 4;

    // ReLU has kinks; a step this small keeps each probe on one side, and float64 keeps round-off far below tolerance.
    private const double KinkSafeStep = 1e-5;

    /// <summary>Every sequence test model: each cell with 1 and 2 layers, uni- and bidirectional, many-to-one, tokens.</summary>
    public static readonly Type[] Models =
    [
        typeof(LstmNet), typeof(GruNet), typeof(RnnTanhNet), typeof(RnnReluNet), typeof(StackedBiLstmNet),
        typeof(StackedBiGruNet), typeof(StackedBiRnnNet), typeof(LastStepGruNet), typeof(LastStepLstmNet),
        typeof(EmbeddingLstmNet), typeof(OneHotRnnNet), typeof(BiLstmNet), typeof(StackedLstmNet), typeof(BiGruNet),
        typeof(StackedGruNet), typeof(BiRnnReluNet), typeof(StackedRnnNet),
    ];

    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var model in Models)
        {
            foreach (var onIlgpuCpu in new[] { false, true })
            {
                data.Add(model.AssemblyQualifiedName!, false, onIlgpuCpu);
                data.Add(model.AssemblyQualifiedName!, true, onIlgpuCpu);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(RnnAttribute), typeof(LstmAttribute), typeof(GruAttribute), typeof(EmbeddingAttribute), typeof(OneHotAttribute))]
    public void Backward_matches_finite_differences_of_the_float64_reference(string modelName, bool withLengths, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        const int seed = 20261127; // fixed: a fresh seed could put a finite-difference probe across a kink
        var what = $"{type.Name}{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {seed})";
        var model = TestModels.Create(type, device, seed);
        var random = new Random(seed);
        int[]? lengths = withLengths ? [Steps, 2] : null;
        var tokens = model.InputShape.Count == 1;
        var x = tokens
            ? Enumerable.Range(0, Batch * Steps).Select(_ => (float)random.Next(Vocabulary(type))).ToArray()
            : RandomData.Uniform(random, Batch * Steps * model.InputShape[1], -2, 2);
        int[] inputShape = tokens ? [Batch, Steps] : [Batch, Steps, model.InputShape[1]];
        int[] outputShape = model.OutputShape[0] == -1 ? [Batch, Steps, model.OutputShape[1]] : [Batch, model.OutputShape[0]];
        var r = RandomData.Uniform(random, outputShape.Aggregate(1, (a, d) => a * d));

        var sequenceModel = (dynamic)model;
        Tensor output = sequenceModel.Forward(device.FromArray(x, inputShape), lengths);
        var y = output.ToArray();
        var inputGradient = model.Backward(device.FromArray(r, outputShape), inputGradient: !tokens)?.ToArray();

        var reference = new SequenceReference(type);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var xDouble = x.ToDouble();
        var rDouble = r.ToDouble();
        Closeness.AssertClose(reference.Forward(Batch, Steps, xDouble, parameters, lengths), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, xDouble, With(parameters, index, values), lengths)),
                parameters[p], KinkSafeStep);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance,
                what: $"{what} {model.Parameters[p].Name} gradient");
        }

        if (!tokens)
        {
            var expectedInput = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, values, parameters, lengths)),
                xDouble, KinkSafeStep);
            Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
        }
    }

    [Theory]
    [InlineData(typeof(LstmNet), false)]
    [InlineData(typeof(GruNet), false)]
    [InlineData(typeof(RnnTanhNet), false)]
    [InlineData(typeof(LstmNet), true)]
    [InlineData(typeof(GruNet), true)]
    public void Carried_state_continues_the_sequence_and_backward_is_truncated_at_the_batch(Type type, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        const int seed = 20261127; // fixed: a fresh seed could put a finite-difference probe across a kink
        var what = $"{type.Name} on {device} (seed {seed})";
        var model = TestModels.Create(type, device, seed);
        var sequenceModel = (dynamic)model;
        var random = new Random(seed);
        var features = model.InputShape[1];
        var first = RandomData.Uniform(random, Batch * Steps * features, -2, 2);
        var second = RandomData.Uniform(random, Batch * Steps * features, -2, 2);
        int[] outputShape = [Batch, Steps, model.OutputShape[1]];
        var r = RandomData.Uniform(random, outputShape.Aggregate(1, (a, d) => a * d));

        sequenceModel.CarryState = true;
        sequenceModel.Forward(device.FromArray(first, [Batch, Steps, features]), null);
        Tensor output = sequenceModel.Forward(device.FromArray(second, [Batch, Steps, features]), null);
        var y = output.ToArray();
        model.Backward(device.FromArray(r, outputShape));

        // The second batch continues from the first one's final states, which backward treats as constants.
        var reference = new SequenceReference(type);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var (_, h, c) = reference.Run(Batch, Steps, first.ToDouble(), parameters, null, null, null);
        var secondDouble = second.ToDouble();
        var rDouble = r.ToDouble();
        Closeness.AssertClose(reference.Forward(Batch, Steps, secondDouble, parameters, null, h, c), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, secondDouble, With(parameters, index, values), null, h, c)),
                parameters[p], KinkSafeStep);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance,
                what: $"{what} {model.Parameters[p].Name} gradient");
        }

        // After ResetState the model starts from zeros again.
        sequenceModel.ResetState();
        Tensor fresh = sequenceModel.Forward(device.FromArray(second, [Batch, Steps, features]), null);
        Closeness.AssertClose(reference.Forward(Batch, Steps, secondDouble, parameters), fresh.ToArray(), Closeness.ForwardTolerance, what: what + " after reset");
    }

    [Fact]
    public void Parameters_are_named_and_shaped_as_pytorch_state_dict()
    {
        var model = new StackedBiLstmNet(Device.Cpu(), 1);
        Assert.Equal(
            [
                "Encoder.weight_ih_l0 [12, 3]", "Encoder.weight_hh_l0 [12, 3]", "Encoder.bias_ih_l0 [12]", "Encoder.bias_hh_l0 [12]",
                "Encoder.weight_ih_l0_reverse [12, 3]", "Encoder.weight_hh_l0_reverse [12, 3]", "Encoder.bias_ih_l0_reverse [12]", "Encoder.bias_hh_l0_reverse [12]",
                "Encoder.weight_ih_l1 [12, 6]", "Encoder.weight_hh_l1 [12, 3]", "Encoder.bias_ih_l1 [12]", "Encoder.bias_hh_l1 [12]",
                "Encoder.weight_ih_l1_reverse [12, 6]", "Encoder.weight_hh_l1_reverse [12, 3]", "Encoder.bias_ih_l1_reverse [12]", "Encoder.bias_hh_l1_reverse [12]",
                "Out.weight [2, 6]", "Out.bias [2]",
            ],
            model.Parameters.Select(p => p.ToString()));
        Assert.Equal([-1, 3], model.InputShape);
        Assert.Equal([-1, 2], model.OutputShape);
        Assert.Same(model.Encoder.Parameters[4], model.Parameters[4]);
    }

    [Fact]
    public void Bad_token_ids_and_lengths_are_argument_exceptions()
    {
        var device = Device.Cpu();
        var model = new EmbeddingLstmNet(device, 1);
        Assert.Throws<ArgumentException>(() => model.Forward(device.FromArray([0, 1, 5, 2], [2, 2])));
        Assert.Throws<ArgumentException>(() => model.Forward(device.FromArray([0, 1, 1.5f, 2], [2, 2])));
        Assert.Throws<ArgumentException>(() => model.Forward(device.FromArray([0, 1, 2, 3], [2, 2]), [2, 3]));
        Assert.Throws<ArgumentException>(() => model.Forward(device.FromArray([0, 1, 2, 3], [2, 2]), [2]));
        Assert.Throws<ArgumentException>(() => model.Forward(device.FromArray([0, 1, 2, 3], [4])));
    }

    private static int Vocabulary(Type type) => type.GetCustomAttributes(typeof(InputAttribute), false).Cast<InputAttribute>().Single().Shape[^1];

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
