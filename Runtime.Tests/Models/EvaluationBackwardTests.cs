using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Backward after a Forward in evaluation. On the CPU, evaluation runs the recurrent layers without keeping what their
/// backward reads (the cell's activated gates), and a Backward after it runs those layers again first. Without dropout
/// the two modes compute the same function, so every gradient after an evaluation Forward must equal the gradient after
/// a training Forward of a twin model with the same weights (which <see cref="SequenceModelGradientTests"/> and
/// <see cref="CrnnModelTests"/> check against finite differences): stacked and bidirectional layers, each cell, the last
/// step only, variable lengths, a fixed-length sequence inside an image model, and a carried state (which evaluation
/// keeps saving, since a recompute could not start from the state it overwrote).
/// </summary>
public class EvaluationBackwardTests
{
    private const int Batch = 2;
    private const int Steps = 4;
    private const int Seed = 20261204;

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in new[]
                 {
                     typeof(StackedBiLstmNet), typeof(StackedBiGruNet), typeof(StackedBiRnnNet), typeof(LastStepGruNet),
                     typeof(LastStepLstmNet), typeof(StackedLstmNet),
                 })
        {
            data.Add(model.AssemblyQualifiedName!, false);
            data.Add(model.AssemblyQualifiedName!, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(RnnAttribute), typeof(LstmAttribute), typeof(GruAttribute))]
    public void Gradients_after_an_evaluation_forward_equal_those_after_a_training_forward(string modelName, bool withLengths)
    {
        var type = TestModels.Named(modelName);
        var device = Device.Cpu();
        int[]? lengths = withLengths ? [Steps, 2] : null;
        var random = new Random(Seed);
        var training = TestModels.Create(type, device, Seed);
        var features = training.InputShape[1];
        var x = RandomData.Uniform(random, Batch * Steps * features, -2, 2);
        int[] outputShape = training.OutputShape[0] == -1 ? [Batch, Steps, training.OutputShape[1]] : [Batch, training.OutputShape[0]];
        var r = RandomData.Uniform(random, outputShape.Aggregate(1, (a, d) => a * d));

        var expected = Run(training, train: true);
        var actual = Run(TestModels.Create(type, device, Seed), train: false);
        AssertSame(expected, actual, $"{type.Name}{(withLengths ? " with lengths" : string.Empty)}");

        Gradients Run(IModel model, bool train)
        {
            SetMode(model, train);
            var y = ((ISequenceModel)model).Forward(device.FromArray(x, Batch, Steps, features), lengths).ToArray();
            var dx = model.Backward(device.FromArray(r, outputShape), inputGradient: true)!.ToArray();
            return new Gradients(y, dx, model.Parameters.Select(p => p.Grad.ToArray()).ToList());
        }
    }

    [Fact]
    [Covers(Check.Gradient, typeof(LstmAttribute))]
    public void A_carried_state_keeps_its_gradients_in_evaluation()
    {
        var device = Device.Cpu();
        var random = new Random(Seed);
        var first = RandomData.Uniform(random, Batch * Steps * 3, -2, 2);
        var second = RandomData.Uniform(random, Batch * Steps * 3, -2, 2);
        var r = RandomData.Uniform(random, Batch * Steps * 3);

        Gradients Run(bool train)
        {
            var model = new StackedLstmNet(device, Seed) { CarryState = true };
            SetMode(model, train);
            model.Forward(device.FromArray(first, Batch, Steps, 3), null);
            var y = model.Forward(device.FromArray(second, Batch, Steps, 3), null).ToArray();
            var dx = model.Backward(device.FromArray(r, Batch, Steps, 3), inputGradient: true)!.ToArray();
            return new Gradients(y, dx, model.Parameters.Select(p => p.Grad.ToArray()).ToList());
        }

        AssertSame(Run(train: true), Run(train: false), "StackedLstmNet carrying its state");
    }

    [Fact]
    [Covers(Check.Gradient, typeof(ToSequenceAttribute))]
    public void A_fixed_length_sequence_in_an_image_model_keeps_its_gradients_in_evaluation()
    {
        var device = Device.Cpu();
        Gradients Run(bool train)
        {
            var random = new Random(Seed);
            var model = CrnnModels.Create(typeof(CrnnNet), device, random);
            SetMode(model, train);

            var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -2f, 2f);
            var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));
            var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
            var dx = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();
            return new Gradients(y, dx, model.Parameters.Select(p => p.Grad.ToArray()).ToList());
        }

        AssertSame(Run(train: true), Run(train: false), nameof(CrnnNet));
    }

    private static void SetMode(IModel model, bool train)
    {
        if (train)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }
    }

    private static void AssertSame(Gradients expected, Gradients actual, string what)
    {
        Assert.Equal(expected.Output, actual.Output);
        Assert.True(expected.Input.SequenceEqual(actual.Input), $"{what}: the input gradient differs after an evaluation Forward");
        for (var p = 0; p < expected.Parameters.Count; p++)
        {
            Assert.True(expected.Parameters[p].SequenceEqual(actual.Parameters[p]), $"{what}: parameter {p}'s gradient differs after an evaluation Forward");
        }
    }

    private sealed record Gradients(float[] Output, float[] Input, List<float[]> Parameters);
}
