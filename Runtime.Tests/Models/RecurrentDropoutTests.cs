using System.Reflection;
using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Dropout between stacked recurrent layers (PyTorch's <c>dropout</c> argument) in generated sequence models.
/// Evaluation is exactly the model without dropout. In training, the masks are replayed from the model's seeded
/// generator (see <see cref="ReplayedMasks"/>), and with them the output matches a float64 reference that multiplies
/// the output of each layer but the last by its mask (|error| ≤ 1e-4 · max(|y|, 1)), and every gradient matches
/// central finite differences of that reference with the masks held fixed (|error| ≤ 1e-3 · max(|g|, 1)). The masks
/// the model uses drop a fraction ≈ p, and the CPU path and the GPU kernels (on ILGPU's CPU accelerator) agree.
/// </summary>
public class RecurrentDropoutTests
{
    private const int Batch = 2;
    private const int Steps = 4;
    private const int Seed = 20261127; // fixed: a fresh seed could put a finite-difference probe across a ReLU kink

    // ReLU has kinks; a step this small keeps each probe on one side, and float64 keeps round-off far below tolerance.
    private const double KinkSafeStep = 1e-5;

    // Generated models key their Philox dropout generator with the model's seed, on subsequence "DROP" in ASCII.
    private const ulong DropoutStream = 0x44524F50;

    public static readonly Type[] Models =
    [
        typeof(DropoutStackedLstmNet), typeof(DropoutStackedBiGruNet), typeof(DropoutStackedRnnNet), typeof(DropoutLastStepLstmNet),
        typeof(DropoutDeepNet),
    ];

    public static TheoryData<string, string, bool> Twins()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (dropout, plain) in new[]
                 {
                     (typeof(DropoutStackedLstmNet), typeof(StackedLstmNet)), (typeof(DropoutStackedBiGruNet), typeof(StackedBiGruNet)),
                     (typeof(DropoutStackedRnnNet), typeof(StackedRnnNet)), (typeof(DropoutLastStepLstmNet), typeof(LastStepLstmNet)),
                 })
        {
            data.Add(dropout.AssemblyQualifiedName!, plain.AssemblyQualifiedName!, false);
            data.Add(dropout.AssemblyQualifiedName!, plain.AssemblyQualifiedName!, true);
        }

        return data;
    }

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
    [MemberData(nameof(Twins))]
    public void Eval_mode_is_exactly_the_model_without_dropout(string dropoutName, string plainName, bool withLengths)
    {
        var device = Device.Cpu();
        var withDropout = TestModels.Create(TestModels.Named(dropoutName), device, Seed);
        var plain = TestModels.Create(TestModels.Named(plainName), device, Seed);
        withDropout.Eval();
        plain.Eval();
        var (x, inputShape, outputShape, r) = RandomBatch(withDropout, Batch, Steps, new Random(Seed));
        int[]? lengths = withLengths ? [Steps, 2] : null;

        for (var pass = 0; pass < 2; pass++)
        {
            Tensor expected = ((dynamic)plain).Forward(device.FromArray(x, inputShape), lengths);
            Tensor actual = ((dynamic)withDropout).Forward(device.FromArray(x, inputShape), lengths);
            Assert.Equal(expected.ToArray(), actual.ToArray());

            var expectedInput = plain.Backward(device.FromArray(r, outputShape), inputGradient: true)!.ToArray();
            var actualInput = withDropout.Backward(device.FromArray(r, outputShape), inputGradient: true)!.ToArray();
            Assert.Equal(expectedInput, actualInput);
            for (var p = 0; p < plain.Parameters.Count; p++)
            {
                Assert.Equal(plain.Parameters[p].Value.ToArray(), withDropout.Parameters[p].Value.ToArray());
                Assert.Equal(plain.Parameters[p].Grad.ToArray(), withDropout.Parameters[p].Grad.ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(RnnAttribute), typeof(LstmAttribute), typeof(GruAttribute))]
    public void Train_mode_matches_the_float64_reference_with_the_replayed_masks_and_its_finite_differences(string modelName, bool withLengths, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"{type.Name}{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {Seed})";
        var model = TestModels.Create(type, device, Seed);
        var (x, inputShape, outputShape, r) = RandomBatch(model, Batch, Steps, new Random(Seed));
        int[]? lengths = withLengths ? [Steps, 2] : null;

        // The second training Forward: the replay must follow the generator across calls.
        ((dynamic)model).Forward(device.FromArray(x, inputShape), lengths);
        Tensor output = ((dynamic)model).Forward(device.FromArray(x, inputShape), lengths);
        var y = output.ToArray();
        var inputGradient = model.Backward(device.FromArray(r, outputShape), inputGradient: true)!.ToArray();

        var masks = ReplayedMasks(type, Seed, Batch, Steps, forwards: 2);
        var reference = new SequenceReference(type);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var xDouble = x.ToDouble();
        var rDouble = r.ToDouble();
        Closeness.AssertClose(reference.Forward(Batch, Steps, xDouble, parameters, lengths, dropoutMasks: masks), y, Closeness.ForwardTolerance, what: what + " output");
        Assert.Contains(masks.SelectMany(mask => mask), factor => factor == 0); // something was dropped, so the check above is not evaluation mode
        var evaluation = reference.Forward(Batch, Steps, xDouble, parameters, lengths);
        Assert.Contains(evaluation.Zip(y), pair => Math.Abs(pair.First - pair.Second) > 1e-3);

        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, xDouble, With(parameters, index, values), lengths, dropoutMasks: masks)),
                parameters[p], KinkSafeStep);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(
            values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, Steps, values, parameters, lengths, dropoutMasks: masks)),
            xDouble, KinkSafeStep);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Fact]
    public void The_masks_the_model_uses_drop_a_fraction_near_p_scale_the_rest_by_one_over_one_minus_p_and_are_ones_in_eval()
    {
        const int batch = 16;
        const int steps = 50;
        var model = new DropoutDeepNet(Device.Cpu(), Seed);
        var x = RandomData.Uniform(new Random(Seed), batch * steps * 2, -2, 2);
        model.Forward(Device.Cpu().FromArray(x, batch, steps, 2));

        var masks = ObservedMasks(model, "EncoderMask0", "EncoderMask1", "TopMask0");
        var replayed = ReplayedMasks(typeof(DropoutDeepNet), Seed, batch, steps, forwards: 1);
        foreach (var (name, mask, p, index) in new[] { ("EncoderMask0", masks[0], 0.5f, 0), ("EncoderMask1", masks[1], 0.5f, 1), ("TopMask0", masks[2], 0.2f, 2) })
        {
            // Deterministic for the fixed seed; the bound is about 6 binomial standard deviations at these sizes.
            var dropped = mask.Count(factor => factor == 0) / (double)mask.Length;
            Assert.InRange(dropped, p - 0.04, p + 0.04);
            Assert.All(mask, factor => Assert.True(factor == 0 || factor == 1f / (1f - p), $"{name} holds {factor}"));
            Assert.Equal(replayed[index], mask.ToDouble());
        }

        model.Eval();
        model.Forward(Device.Cpu().FromArray(x, batch, steps, 2));
        Assert.All(ObservedMasks(model, "EncoderMask0", "EncoderMask1", "TopMask0"), mask => Assert.All(mask, factor => Assert.Equal(1f, factor)));
    }

    [Fact]
    public void Gpu_kernels_on_the_ilgpu_cpu_accelerator_draw_the_cpu_path_masks_and_agree_over_several_steps()
    {
        using var gpu = Device.IlgpuCpu();
        var onCpu = new DropoutStackedBiGruNet(Device.Cpu(), 9);
        var onGpu = new DropoutStackedBiGruNet(gpu, 9);
        var (x, inputShape, outputShape, r) = RandomBatch(onCpu, Batch, Steps, new Random(10));
        int[] lengths = [3, Steps];

        for (var step = 0; step < 3; step++)
        {
            var cpuOutput = onCpu.Forward(Device.Cpu().FromArray(x, inputShape), lengths).ToArray();
            var gpuOutput = onGpu.Forward(gpu.FromArray(x, inputShape), lengths).ToArray();
            var cpuInputGradient = onCpu.Backward(Device.Cpu().FromArray(r, outputShape), inputGradient: true)!.ToArray();
            var gpuInputGradient = onGpu.Backward(gpu.FromArray(r, outputShape), inputGradient: true)!.ToArray();

            Closeness.AssertClose(cpuOutput.ToDouble(), gpuOutput, 1e-5, what: $"output at step {step}");
            Closeness.AssertClose(cpuInputGradient.ToDouble(), gpuInputGradient, 1e-5, what: $"input gradient at step {step}");
            for (var p = 0; p < onCpu.Parameters.Count; p++)
            {
                Closeness.AssertClose(onCpu.Parameters[p].Grad.ToArray().ToDouble(), onGpu.Parameters[p].Grad.ToArray(), 1e-5, what: onCpu.Parameters[p].Name + " gradient");
            }
        }
    }

    /// <summary>
    /// The masks of the <paramref name="forwards"/>-th training Forward of a fresh model, replayed: a generator seeded with
    /// Philox keyed by the seed on subsequence "DROP" fills, at each training Forward, one [N, T, D·H] mask per recurrent layer with Dropout but the last,
    /// in model order, with <see cref="DropoutCpu.FillMask"/>.
    /// </summary>
    private static List<double[]> ReplayedMasks(Type model, int seed, int batch, int steps, int forwards)
    {
        var recurrent = model.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .OrderBy(p => p.MetadataToken)
            .Select(p => p.GetCustomAttribute<LayerAttribute>())
            .OfType<RecurrentAttribute>()
            .Where(layer => layer.Dropout > 0 && layer.Layers > 1)
            .ToList();
        var random = new Philox(unchecked((ulong)seed), DropoutStream);
        var masks = new List<double[]>();
        for (var forward = 0; forward < forwards; forward++)
        {
            masks.Clear();
            foreach (var layer in recurrent)
            {
                for (var l = 0; l < layer.Layers - 1; l++)
                {
                    var mask = new float[batch * steps * (layer.Bidirectional ? 2 : 1) * layer.Hidden];
                    DropoutCpu.FillMask(mask, (float)layer.Dropout, random, training: true);
                    masks.Add(mask.ToDouble());
                }
            }
        }

        return masks;
    }

    /// <summary>The masks of the last Forward, read from the generated model's private memory plan.</summary>
    private static float[][] ObservedMasks(IModel model, params string[] names)
    {
        var plan = model.GetType().GetField("_plan", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model)!;
        return names.Select(name => ((Tensor)plan.GetType().GetProperty(name)!.GetValue(plan)!).ToArray()).ToArray();
    }

    /// <summary>A random feature batch, its shape, the output shape and random output weights r (the loss is Σ r·y).</summary>
    private static (float[] X, int[] InputShape, int[] OutputShape, float[] R) RandomBatch(IModel model, int batch, int steps, Random random)
    {
        var features = model.InputShape[1];
        var x = RandomData.Uniform(random, batch * steps * features, -2, 2);
        int[] outputShape = model.OutputShape[0] == -1 ? [batch, steps, model.OutputShape[1]] : [batch, model.OutputShape[0]];
        var r = RandomData.Uniform(random, outputShape.Aggregate(1, (a, d) => a * d));
        return (x, [batch, steps, features], outputShape, r);
    }

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
