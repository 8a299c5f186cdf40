using Microsoft.ML.OnnxRuntime;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Onnx;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// [MultiHeadAttention] in generated models, with random weights and biases (not PyTorch's zero biases): forward against
/// a float64 reference written from nn.MultiheadAttention's definition and against ONNX Runtime on the export (≤ 1e-4),
/// and central finite differences of the reference for every parameter and the input (≤ 1e-3), on the CPU and on the GPU
/// kernels (ILGPU's CPU accelerator), with padded sequences (keys past a length get no weight) and on an image's pixels.
/// </summary>
public class MultiHeadAttentionModelTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Seed = 20261203;

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [Covers(Check.Gradient, typeof(MultiHeadAttentionAttribute))]
    public void A_sequence_matches_the_float64_reference_and_finite_differences(bool withLengths, bool onIlgpuCpu, bool training)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed);
        var model = TransformerModels.Create(typeof(AttentionSequenceNet), device, random);
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }

        int[]? lengths = withLengths ? [Steps, 2, 1] : null;
        var x = RandomData.Uniform(random, Batch * Steps * 6, -2, 2);
        TransformerModels.AssertForwardAndBackward(
            model, device, [Batch, Steps, 6], x,
            (input, p) => ReferenceTransformer.SelfAttention(Batch, Steps, 6, 3, input, p[0], p[1], p[2], p[3], lengths),
            random, $"AttentionSequenceNet{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {Seed})",
            input => ((ISequenceModel)model).Forward(input, lengths));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pixels_of_an_image_match_the_float64_reference_and_finite_differences(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed + 1);
        var model = TransformerModels.Create(typeof(AttentionPixelsNet), device, random);
        var x = RandomData.Uniform(random, Batch * 4 * 2 * 3, -2, 2);
        TransformerModels.AssertForwardAndBackward(
            model, device, [Batch, 4, 2, 3], x,
            (input, p) =>
            {
                var tokens = Pixels(Batch, 4, 6, input);
                var attended = ReferenceTransformer.SelfAttention(Batch, 6, 4, 2, tokens, p[0], p[1], p[2], p[3], null);
                return ReferenceTransformer.Linear(Batch * 6, 4, 3, attended, p[4], p[5]);
            },
            random, $"AttentionPixelsNet on {device} (seed {Seed + 1})");
    }

    [Fact]
    [Covers(Check.Onnx, typeof(MultiHeadAttentionAttribute))]
    public void The_export_matches_onnx_runtime_with_padded_keys_masked()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var model = (AttentionSequenceNet)TransformerModels.Create(typeof(AttentionSequenceNet), Device.Cpu(), random);
        using var session = new InferenceSession(model.ToOnnx());
        foreach (var (steps, lengths) in new[] { (5, new[] { 5, 5, 5 }), (5, new[] { 2, 5, 1 }), (3, new[] { 3, 1, 2 }) })
        {
            var x = RandomData.Uniform(random, Batch * steps * 6, -2, 2);
            Tensor output = model.Forward(Device.Cpu().FromArray(x, [Batch, steps, 6]), lengths);
            var ort = RunSequence(session, x, [Batch, steps, 6], lengths);
            Closeness.AssertClose(ort.ToDouble(), output.ToArray(), Closeness.ForwardTolerance, what: $"AttentionSequenceNet, {steps} steps, lengths {string.Join(",", lengths)} (seed {seed})");
        }

        var pixels = TransformerModels.Create(typeof(AttentionPixelsNet), Device.Cpu(), random);
        var image = RandomData.Uniform(random, Batch * 24, -2, 2);
        using var oracle = OnnxRuntimeOracle.Export(pixels);
        Closeness.AssertClose(oracle.Run(image).ToDouble(), pixels.Forward(Device.Cpu().FromArray(image, [Batch, 4, 2, 3])).ToArray(), Closeness.ForwardTolerance,
            what: $"AttentionPixelsNet (seed {seed})");
    }

    [Fact]
    public void Parameters_have_pytorchs_names_shapes_and_initialisation()
    {
        var model = new AttentionSequenceNet(Device.Cpu(), 7);

        Assert.Equal(
            ["Attention.in_proj_weight [18, 6]", "Attention.in_proj_bias [18]", "Attention.out_proj.weight [6, 6]", "Attention.out_proj.bias [6]"],
            model.Parameters.Select(p => p.ToString()));
        var inBound = Math.Sqrt(6.0 / (6 + 18));
        var inWeight = model.Attention.InProjWeight.Value.ToArray();
        Assert.All(inWeight, v => Assert.InRange(v, -inBound, inBound));
        Assert.True(inWeight.Max() > inBound * 0.8 && inWeight.Min() < -inBound * 0.8, "in_proj_weight spans Xavier's bound");
        var outBound = 1 / Math.Sqrt(6);
        Assert.All(model.Attention.OutProjWeight.Value.ToArray(), v => Assert.InRange(v, -outBound, outBound));
        Assert.All(model.Attention.InProjBias.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.Attention.OutProjBias.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(3, model.Attention.Heads);
    }

    [Fact]
    public void A_padded_key_changes_nothing_at_the_valid_steps()
    {
        var random = new Random(Seed + 2);
        var model = (AttentionSequenceNet)TransformerModels.Create(typeof(AttentionSequenceNet), Device.Cpu(), random);
        var x = RandomData.Uniform(random, 1 * 4 * 6, -2, 2);
        var changed = (float[])x.Clone();
        for (var i = 3 * 6; i < 4 * 6; i++)
        {
            changed[i] += 5;
        }

        var first = model.Forward(Device.Cpu().FromArray(x, [1, 4, 6]), [3]).ToArray()[..18];
        var second = model.Forward(Device.Cpu().FromArray(changed, [1, 4, 6]), [3]).ToArray()[..18];

        Closeness.AssertClose(first.ToDouble(), second, 1e-6, what: "the valid steps");
        var full = model.Forward(Device.Cpu().FromArray(changed, [1, 4, 6]), [4]).ToArray()[..18];
        Assert.NotEqual(first, full);
    }

    [Fact]
    public void Lengths_outside_the_steps_throw()
    {
        var model = new AttentionSequenceNet(Device.Cpu(), 1);
        Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().FromArray(new float[2 * 3 * 6], [2, 3, 6]), [4, 1]));
    }

    /// <summary>[N, C, H, W] → [N, H·W, C].</summary>
    internal static double[] Pixels(int batch, int channels, int pixels, double[] x)
    {
        var y = new double[x.Length];
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var p = 0; p < pixels; p++)
                {
                    y[(n * pixels + p) * channels + c] = x[(n * channels + c) * pixels + p];
                }
            }
        }

        return y;
    }

    internal static float[] RunSequence(InferenceSession session, float[] x, long[] shape, int[] lengths)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(lengths, [lengths.Length]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["input", "lengths"], [input, lengthsValue], ["output"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
