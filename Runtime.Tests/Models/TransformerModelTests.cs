using Microsoft.ML.OnnxRuntime;
using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Onnx;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Whole Transformer models built from the new layers and the TransformerEncoderLayer block (post-norm and pre-norm):
/// forward against float64 references written from PyTorch's definitions and against ONNX Runtime on the generated
/// export (≤ 1e-4, padded sequences included), and central finite differences of the references for every parameter
/// and the input (≤ 1e-3) in training and evaluation mode, on the CPU and on the GPU kernels (ILGPU's CPU accelerator).
/// </summary>
public class TransformerModelTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Seed = 20261204;

    [Theory]
    [InlineData(false, true, false)]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [Covers(Check.Gradient, typeof(PositionalEncodingAttribute), typeof(MeanOverStepsAttribute))]
    public void A_two_layer_encoder_matches_the_float64_reference_and_finite_differences(bool normFirst, bool training, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var type = normFirst ? typeof(PreNormEncoderNet) : typeof(EncoderNet);
        var random = new Random(Seed);
        var model = TransformerModels.Create(type, device, random, 0.5f);
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }

        int[] lengths = [Steps, 2, 3];
        var x = RandomData.Uniform(random, Batch * Steps * 8, -1, 1);
        TransformerModels.AssertForwardAndBackward(
            model, device, [Batch, Steps, 8], x, (input, p) => Encoder(input, p, normFirst, lengths, Steps),
            random, $"{type.Name} in {(training ? "training" : "evaluation")} on {device} (seed {Seed})",
            input => ((ISequenceModel)model).Forward(input, lengths));
    }

    [Theory]
    [InlineData(typeof(EncoderNet))]
    [InlineData(typeof(PreNormEncoderNet))]
    [InlineData(typeof(DropoutEncoderNet))]
    [InlineData(typeof(PositionsNet))]
    [InlineData(typeof(TakeStepNet))]
    [Covers(Check.Onnx, typeof(PositionalEncodingAttribute), typeof(PositionEmbeddingAttribute), typeof(MeanOverStepsAttribute), typeof(TakeStepAttribute))]
    public void A_sequence_model_matches_onnx_runtime_with_padded_sequences(Type type)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var model = TransformerModels.Create(type, Device.Cpu(), random, 0.5f);
        model.Eval();
        var features = model.InputShape[1];
        using var session = new InferenceSession(((dynamic)model).ToOnnx());
        foreach (var (steps, lengths) in new[] { (4, new[] { 4, 4, 4 }), (5, new[] { 2, 5, 3 }), (2, new[] { 2, 1, 2 }) })
        {
            var x = RandomData.Uniform(random, Batch * steps * features, -1, 1);
            Tensor output = ((ISequenceModel)model).Forward(Device.Cpu().FromArray(x, [Batch, steps, features]), lengths);
            var ort = MultiHeadAttentionModelTests.RunSequence(session, x, [Batch, steps, features], lengths);
            var (expected, actual) = output.Length == ort.Length && model.OutputShape.Count == 1
                ? (ort, output.ToArray())
                : (Valid(ort, lengths, steps), Valid(output.ToArray(), lengths, steps));
            Closeness.AssertClose(expected.ToDouble(), actual, Closeness.ForwardTolerance, what: $"{type.Name}, {steps} steps, lengths {string.Join(",", lengths)} (seed {seed})");
        }
    }

    [Fact]
    public void Dropout_acts_in_training_and_evaluation_equals_the_model_without_it()
    {
        var random = new Random(Seed);
        var withDropout = TransformerModels.Create(typeof(DropoutEncoderNet), Device.Cpu(), new Random(Seed), 0.5f);
        var without = TransformerModels.Create(typeof(EncoderNet), Device.Cpu(), new Random(Seed), 0.5f);
        Assert.Equal(without.Parameters.Select(p => p.Name), withDropout.Parameters.Select(p => p.Name));
        var x = Device.Cpu().FromArray(RandomData.Uniform(random, Batch * Steps * 8, -1, 1), [Batch, Steps, 8]);

        withDropout.Eval();
        var evaluated = withDropout.Forward(x).ToArray();
        withDropout.Train();
        var trained = withDropout.Forward(x).ToArray();

        Closeness.AssertClose(without.Forward(x).ToArray().ToDouble(), evaluated, 1e-6, what: "evaluation");
        Assert.NotEqual(evaluated, trained);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Covers(Check.Gradient, typeof(PositionEmbeddingAttribute), typeof(TakeStepAttribute))]
    public void Positions_a_masked_mean_and_a_step_match_the_float64_reference_and_finite_differences(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed + 1);
        int[] lengths = [Steps, 1, 3];
        var positions = TransformerModels.Create(typeof(PositionsNet), device, random);
        var x = RandomData.Uniform(random, Batch * Steps * 4, -1, 1);
        TransformerModels.AssertForwardAndBackward(
            positions, device, [Batch, Steps, 4], x,
            (input, p) =>
            {
                var pooled = ReferenceTransformer.MeanOverSteps(Batch, Steps, 4,
                    ReferenceTransformer.AddPositions(Batch, Steps, 4, ReferenceTransformer.AddSinusoids(Batch, Steps, 4, input), p[0]), lengths);
                return ReferenceTransformer.Linear(Batch, 4, 2, pooled, p[1], p[2]);
            },
            random, $"PositionsNet on {device}", input => ((ISequenceModel)positions).Forward(input, lengths));

        var take = TransformerModels.Create(typeof(TakeStepNet), device, random);
        TransformerModels.AssertForwardAndBackward(
            take, device, [Batch, Steps, 4], x,
            (input, p) => ReferenceTransformer.TakeStep(Batch, Steps, 4, ReferenceTransformer.AddPositions(Batch, Steps, 4, input, p[0]), 1),
            random, $"TakeStepNet on {device}");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [Covers(Check.Gradient, typeof(PatchEmbeddingAttribute), typeof(ClassTokenAttribute))]
    public void A_tiny_vit_matches_the_float64_reference_and_finite_differences(bool onIlgpuCpu, bool training)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed + 2);
        var model = TransformerModels.Create(typeof(TinyVitNet), device, random, 0.5f);
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }

        var x = RandomData.Uniform(random, Batch * 2 * 4 * 6, -1, 1);
        TransformerModels.AssertForwardAndBackward(model, device, [Batch, 2, 4, 6], x, TinyVit, random, $"TinyVitNet on {device}");
    }

    [Fact]
    [Covers(Check.Onnx, typeof(PatchEmbeddingAttribute), typeof(ClassTokenAttribute))]
    public void A_tiny_vit_matches_onnx_runtime()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var model = TransformerModels.Create(typeof(TinyVitNet), Device.Cpu(), random, 0.5f);
        var x = RandomData.Uniform(random, Batch * 48, -1, 1);
        using var oracle = OnnxRuntimeOracle.Export(model);

        Closeness.AssertClose(oracle.Run(x).ToDouble(), model.Forward(Device.Cpu().FromArray(x, [Batch, 2, 4, 6])).ToArray(), Closeness.ForwardTolerance,
            what: $"TinyVitNet (seed {seed})");
    }

    [Fact]
    public void Parameters_are_named_as_timm_and_pytorch_name_them()
    {
        var model = new TinyVitNet(Device.Cpu(), 3);

        Assert.Equal(
            [
                "Patches.proj.weight [4, 2, 2, 2]", "Patches.proj.bias [4]", "Cls.weight [4]", "Positions.weight [7, 4]",
                "Encoder.NormFirst1.weight [4]", "Encoder.NormFirst1.bias [4]", "Encoder.SelfAttn.in_proj_weight [12, 4]", "Encoder.SelfAttn.in_proj_bias [12]",
                "Encoder.SelfAttn.out_proj.weight [4, 4]", "Encoder.SelfAttn.out_proj.bias [4]", "Encoder.NormFirst2.weight [4]", "Encoder.NormFirst2.bias [4]",
                "Encoder.Linear1.weight [8, 4]", "Encoder.Linear1.bias [8]", "Encoder.Linear2.weight [4, 8]", "Encoder.Linear2.bias [4]",
                "Norm.weight [4]", "Norm.bias [4]", "Out.weight [3, 4]", "Out.bias [3]",
            ],
            model.Parameters.Select(p => p.ToString()));
        Assert.All(model.Cls.Weight.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal([3], model.OutputShape);
    }

    [Fact]
    public void A_sequence_longer_than_the_learned_positions_throws()
    {
        var model = new TakeStepNet(Device.Cpu(), 1);
        var error = Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().FromArray(new float[6 * 4], [1, 6, 4])));
        Assert.Contains("more than the 5 positions", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TakeStepCpu.Forward(1, 1, 4, 1, Device.Cpu().FromArray(new float[4], [1, 1, 4]), Device.Cpu().FromArray(new float[4], [1, 4])));
    }

    /// <summary>The float64 TinyVitNet: conv patches, pixels as tokens, class token, positions, a pre-norm layer, LayerNorm, step 0, Dense.</summary>
    private static double[] TinyVit(double[] x, IReadOnlyList<double[]> p)
    {
        var g = new ConvGeometry(Batch: Batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 4, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3);
        var planes = ReferenceLayers.Conv2dPreActivation(g, x, p[0], p[1]);
        var tokens = MultiHeadAttentionModelTests.Pixels(Batch, 4, 6, planes);
        var withCls = ReferenceTransformer.PrependToken(Batch, 6, 4, tokens, p[2]);
        var positioned = ReferenceTransformer.AddPositions(Batch, 7, 4, withCls, p[3]);
        var next = 4;
        var encoded = ReferenceTransformer.EncoderLayer(Batch, 7, 4, 2, 8, positioned, p, ref next, normFirst: true, null);
        var normed = ReferenceTransformer.LayerNorm(Batch * 7, 4, encoded, p[next], p[next + 1]);
        var cls = ReferenceTransformer.TakeStep(Batch, 7, 4, normed, 0);
        return ReferenceTransformer.Linear(Batch, 4, 3, cls, p[next + 2], p[next + 3]);
    }

    private static double[] Encoder(double[] x, IReadOnlyList<double[]> p, bool normFirst, int[] lengths, int steps)
    {
        var h = ReferenceTransformer.AddSinusoids(Batch, steps, 8, x);
        var next = 0;
        for (var layer = 0; layer < 2; layer++)
        {
            h = ReferenceTransformer.EncoderLayer(Batch, steps, 8, 2, 16, h, p, ref next, normFirst, lengths);
        }

        var pooled = ReferenceTransformer.MeanOverSteps(Batch, steps, 8, h, lengths);
        return ReferenceTransformer.Linear(Batch, 8, 2, pooled, p[next], p[next + 1]);
    }

    /// <summary>[N, T, F] outputs at the valid steps.</summary>
    private static float[] Valid(float[] output, int[] lengths, int steps)
    {
        var width = output.Length / (lengths.Length * steps);
        return Enumerable.Range(0, lengths.Length).SelectMany(n => output.Skip(n * steps * width).Take(lengths[n] * width)).ToArray();
    }
}
