using Strata.Runtime.Tests.Reference;
using Strata.Zoo;

namespace Strata.Runtime.Tests.Zoo;

/// <summary>
/// The zoo's models in training mode against the float64 reference read from their attributes
/// (<see cref="AttributeReference"/>, whose <see cref="ReferenceExpression"/> evaluates the blocks' argument
/// expressions such as <c>[When("stride != 1 || inChannels != planes")]</c> on its own): BatchNorm normalises with the
/// batch's statistics, its γ and β drawn away from 1 and 0. Dropout runs at its declared p (0.5 in TinyVgg and TinyNiN,
/// 0.2 in TinyMobileNetV2), and the reference replays the masks from a copy of the model's <c>DropoutGenerator</c> taken
/// before the forward, by the documented rule (one mask per Dropout in model order; an element is dropped when the next
/// <c>NextSingle()</c> is below p, the rest scaled by 1/(1 − p)); with p = 0 that rule keeps everything, so this check
/// includes the issue's p = 0 case and also tests the dropping. Plus one training step of ResNet-18 (3×32×32, 10
/// classes): the cross-entropy gradient of sampled weights in each kind of layer against central differences of the
/// reference.
/// </summary>
public class ZooTrainModeTests
{
    private const int Batch = 3;

    // The forward check's batch: at ResNet-18's 1×1 last stage a training BatchNorm normalises each channel over the batch
    // alone, and over 3 values float32 rounding came out 2.2e-4 from float64 for one seed in ten or so; 8 values
    // condition it.
    private const int ForwardBatch = 8;

    public static TheoryData<string> Models() => new(
        new[]
        {
            typeof(ResNet18Cifar), typeof(TinyBottleneckResNet), typeof(TinyGoogLeNet), typeof(TinyDenseNet),
            typeof(TinyMobileNetV1), typeof(TinyFcn), typeof(TinyVgg), typeof(TinyNiN), typeof(TinyMobileNetV2),
        }.Select(t => t.AssemblyQualifiedName!));

    [Theory]
    [MemberData(nameof(Models))]
    public void Training_mode_matches_the_float64_reference(string modelName)
    {
        var type = Type.GetType(modelName, throwOnError: true)!;
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var device = Device.Cpu();
        var model = (IModel)Activator.CreateInstance(type, device, random.Next())!;
        RandomizeBatchNorm(model, random);
        model.Train();
        var x = RandomData.Uniform(random, ForwardBatch * model.InputShape.Aggregate(1, (a, d) => a * d), -2f, 2f);
        var masks = CopyOf(model.DropoutGenerator);
        var reference = new AttributeReference(type, model);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();

        var actual = model.Forward(device.FromArray(x, [ForwardBatch, .. model.InputShape])).ToArray();
        var expected = reference.Forward(ForwardBatch, x.ToDouble(), parameters, training: true, dropout: masks);

        Assert.Equal(expected.Length, actual.Length);
        Closeness.AssertClose(expected, actual, Closeness.ForwardTolerance, what: $"{type.Name} in training mode (seed {seed})");
    }

    /// <summary>
    /// A model with Dropout draws new masks each training forward: the reference, replaying the same generator, agrees;
    /// one that skipped the draw (the identity) would not, since at p = 0.5 some of the elements are zero.
    /// </summary>
    [Fact]
    public void Dropout_in_training_drops_what_the_replayed_masks_drop()
    {
        var device = Device.Cpu();
        var model = new TinyVgg(device, seed: 5);
        IModel imodel = model;
        var x = RandomData.Uniform(new Random(5), Batch * 3 * 32 * 32, -2f, 2f);
        var reference = new AttributeReference(typeof(TinyVgg), model);
        var parameters = imodel.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        imodel.Eval();
        var evaluation = reference.Forward(Batch, x.ToDouble(), parameters);

        imodel.Train();
        var first = reference.Forward(Batch, x.ToDouble(), parameters, training: true, dropout: CopyOf(imodel.DropoutGenerator));
        var firstActual = imodel.Forward(device.FromArray(x, [Batch, 3, 32, 32])).ToArray();
        var second = reference.Forward(Batch, x.ToDouble(), parameters, training: true, dropout: CopyOf(imodel.DropoutGenerator));
        var secondActual = imodel.Forward(device.FromArray(x, [Batch, 3, 32, 32])).ToArray();

        Closeness.AssertClose(first, firstActual, Closeness.ForwardTolerance, what: "first training forward");
        Closeness.AssertClose(second, secondActual, Closeness.ForwardTolerance, what: "second training forward");
        Assert.NotEqual(first, second);
        Assert.NotEqual(evaluation, first);
    }

    /// <summary>
    /// One training step of ResNet-18 at 3×32×32 (batch 3, cross-entropy on random labels): the gradient of sampled
    /// weights in the stem conv, a residual conv, the projecting shortcut conv, a BatchNorm's γ and β and the
    /// classifier against central differences (step 1e-5, float64) of the reference's loss. The seed is fixed: a
    /// fresh one would now and then put a probe across a ReLU or max-pool kink.
    /// </summary>
    [Fact]
    public void ResNet18_training_step_gradients_match_finite_differences()
    {
        // Batch 3: the last stage runs at 1×1, where a BatchNorm over 2 samples would map each channel to ±1 and leave
        // only float round-off in its backward.
        const int batch = 3;
        const int seed = 20261202;
        var random = new Random(seed);
        var device = Device.Cpu();
        var model = new ResNet18Cifar(device, seed);
        IModel imodel = model;
        RandomizeBatchNorm(imodel, random);
        imodel.Train();
        var x = RandomData.Uniform(random, batch * 3 * 32 * 32, -2f, 2f);
        var labels = Enumerable.Range(0, batch).Select(_ => random.Next(10)).ToArray();

        var logits = imodel.Forward(device.FromArray(x, [batch, 3, 32, 32])).ToArray().ToDouble();
        var gradLogits = CrossEntropyGradient(logits, labels);
        imodel.Backward(device.FromArray(gradLogits.Select(g => (float)g).ToArray(), [batch, 10]));

        var reference = new AttributeReference(typeof(ResNet18Cifar), model);
        var parameters = imodel.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var xDouble = x.ToDouble();
        string[] checkedNames =
        [
            "Net.Conv1.weight", "Net.Layer1.0.Conv1.weight", "Net.Layer3.1.Conv2.weight", "Net.Layer2.0.Downsample0.weight",
            "Net.Layer2.0.Bn1.weight", "Net.Layer4.0.Downsample1.bias", "Net.Fc.weight",
        ];
        foreach (var name in checkedNames)
        {
            var index = imodel.Parameters.ToList().FindIndex(p => p.Name == name);
            Assert.True(index >= 0, $"no parameter {name}");
            var entries = Enumerable.Range(0, 1).Select(_ => random.Next(parameters[index].Length)).Distinct().ToArray();
            var expected = FiniteDifferences.Gradient(
                values => CrossEntropy(reference.Forward(batch, xDouble, With(parameters, index, values), training: true), labels),
                parameters[index], entries, 1e-5);
            var grad = imodel.Parameters[index].Grad.ToArray();
            Closeness.AssertClose(expected, entries.Select(e => grad[e]).ToArray(), Closeness.GradientTolerance, what: $"{name} gradient at [{string.Join(", ", entries)}]");
        }
    }

    private static void RandomizeBatchNorm(IModel model, Random random)
    {
        foreach (var parameter in model.Parameters)
        {
            var layer = parameter.Name[..parameter.Name.LastIndexOf('.')];
            if (model.Buffers.Any(b => b.Name == layer + ".running_mean"))
            {
                var isWeight = parameter.Name.EndsWith(".weight", StringComparison.Ordinal);
                parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, isWeight ? 0.5f : -0.5f, isWeight ? 1.5f : 0.5f));
            }
        }
    }

    private static Philox? CopyOf(Philox? generator)
    {
        if (generator is null)
        {
            return null;
        }

        var copy = new Philox(0);
        copy.SetState(generator.GetState());
        return copy;
    }

    /// <summary>Mean cross-entropy of logits [N, C] against labels, in float64.</summary>
    private static double CrossEntropy(double[] logits, int[] labels)
    {
        var classes = logits.Length / labels.Length;
        var total = 0.0;
        for (var n = 0; n < labels.Length; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            total += LogSumExp(row) - row[labels[n]];
        }

        return total / labels.Length;
    }

    /// <summary>∂CrossEntropy/∂logits = (softmax − one-hot) / N.</summary>
    private static double[] CrossEntropyGradient(double[] logits, int[] labels)
    {
        var classes = logits.Length / labels.Length;
        var gradient = new double[logits.Length];
        for (var n = 0; n < labels.Length; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            var logSum = LogSumExp(row);
            for (var c = 0; c < classes; c++)
            {
                gradient[n * classes + c] = (Math.Exp(row[c] - logSum) - (c == labels[n] ? 1 : 0)) / labels.Length;
            }
        }

        return gradient;
    }

    /// <summary>log Σ exp(v), shifted by the maximum so that nothing overflows.</summary>
    private static double LogSumExp(ReadOnlySpan<double> row)
    {
        var max = double.NegativeInfinity;
        foreach (var v in row)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in row)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
