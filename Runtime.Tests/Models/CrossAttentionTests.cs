using Microsoft.ML.OnnxRuntime;
using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Onnx;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// Cross-attention, <c>[MultiHeadAttention(heads, KeysFrom = nameof(Memory))]</c>: forward and every gradient (the
/// parameters, and the input, which both branches read) against central finite differences of a float64 reference
/// written from <c>nn.MultiheadAttention(query, memory, memory, key_padding_mask)</c>, on the CPU and on ILGPU's CPU
/// accelerator, with padded sequences (the memory's lengths mask its keys) and with fewer queries than keys (pixels of
/// an image, with attention dropout and the model's first mask); the export against ONNX Runtime (≤ 1e-4).
/// </summary>
public class CrossAttentionTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Seed = 20261205;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [Covers(Check.Gradient, typeof(MultiHeadAttentionAttribute))]
    public void A_sequence_attending_to_its_memory_matches_finite_differences_of_the_reference(bool withLengths, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed);
        var model = TransformerModels.Create(typeof(CrossAttentionNet), device, random);
        model.Train();
        int[]? lengths = withLengths ? [Steps, 2, 1] : null;
        var x = RandomData.Uniform(random, Batch * Steps * 6, -2, 2);
        TransformerModels.AssertForwardAndBackward(
            model, device, [Batch, Steps, 6], x,
            (input, p) => Reference(input, p, lengths),
            random, $"CrossAttentionNet{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {Seed})",
            input => ((ISequenceModel)model).Forward(input, lengths));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fewer_queries_than_keys_with_attention_dropout_match_finite_differences_with_the_first_mask(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed + 1);
        var seed = random.Next();
        var model = TestModels.Create(typeof(CrossPixelsNet), device, seed);
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -1, 1));
        }

        model.Train();
        var mask = new float[Batch * 2 * 2 * 6];
        DropoutCpu.FillMask(mask, 0.25f, new Philox(unchecked((ulong)seed), subsequence: 0x44524F50), training: true);
        Assert.Contains(0f, mask);
        var x = RandomData.Uniform(random, Batch * 24, -2, 2);
        TransformerModels.AssertForwardAndBackward(
            model, device, [Batch, 4, 2, 3], x,
            (input, p) =>
            {
                var keys = MultiHeadAttentionModelTests.Pixels(Batch, 4, 6, input);
                var queries = MultiHeadAttentionModelTests.Pixels(Batch, 4, 2, Pooled(input));
                var attended = ReferenceTransformer.CrossAttention(Batch, 2, 6, 4, 2, queries, keys, p[0], p[1], p[2], p[3], null, mask.ToDouble());
                return ReferenceTransformer.Linear(Batch * 2, 4, 3, attended, p[4], p[5]);
            },
            random, $"CrossPixelsNet on {device} (seed {seed})");
    }

    [Fact]
    public void Padded_memory_steps_change_nothing_and_evaluation_drops_nothing()
    {
        var random = new Random(Seed + 2);
        var model = (CrossAttentionNet)TransformerModels.Create(typeof(CrossAttentionNet), Device.Cpu(), random);
        var x = RandomData.Uniform(random, 4 * 6, -2, 2);
        var changed = (float[])x.Clone();
        for (var i = 3 * 6; i < 4 * 6; i++)
        {
            changed[i] += 5;
        }

        var first = model.Forward(Device.Cpu().FromArray(x, [1, 4, 6]), [3]).ToArray()[..18];
        var second = model.Forward(Device.Cpu().FromArray(changed, [1, 4, 6]), [3]).ToArray()[..18];
        Closeness.AssertClose(first.ToDouble(), second, 1e-6, what: "the valid steps");

        var pixels = TransformerModels.Create(typeof(CrossPixelsNet), Device.Cpu(), random);
        pixels.Eval();
        var image = RandomData.Uniform(random, Batch * 24, -2, 2);
        var p = pixels.Parameters.Select(q => q.Value.ToArray().ToDouble()).ToList();
        var attended = ReferenceTransformer.CrossAttention(
            Batch, 2, 6, 4, 2, MultiHeadAttentionModelTests.Pixels(Batch, 4, 2, Pooled(image.ToDouble())), MultiHeadAttentionModelTests.Pixels(Batch, 4, 6, image.ToDouble()),
            p[0], p[1], p[2], p[3], null);
        Closeness.AssertClose(
            ReferenceTransformer.Linear(Batch * 2, 4, 3, attended, p[4], p[5]), pixels.Forward(Device.Cpu().FromArray(image, [Batch, 4, 2, 3])).ToArray(),
            Closeness.ForwardTolerance, what: "CrossPixelsNet in evaluation");
    }

    [Fact]
    [Covers(Check.Onnx, typeof(MultiHeadAttentionAttribute))]
    public void The_export_matches_onnx_runtime_with_the_memorys_padded_keys_masked()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var model = (CrossAttentionNet)TransformerModels.Create(typeof(CrossAttentionNet), Device.Cpu(), random);
        using var session = new InferenceSession(model.ToOnnx());
        foreach (var (steps, lengths) in new[] { (5, new[] { 5, 5, 5 }), (5, new[] { 2, 5, 1 }), (3, new[] { 3, 1, 2 }) })
        {
            var x = RandomData.Uniform(random, Batch * steps * 6, -2, 2);
            Tensor output = model.Forward(Device.Cpu().FromArray(x, [Batch, steps, 6]), lengths);
            var ort = MultiHeadAttentionModelTests.RunSequence(session, x, [Batch, steps, 6], lengths);
            Closeness.AssertClose(ort.ToDouble(), output.ToArray(), Closeness.ForwardTolerance, what: $"CrossAttentionNet, {steps} steps, lengths {string.Join(",", lengths)} (seed {seed})");
        }

        // The export is the inference graph: no attention dropout, as in evaluation.
        var pixels = TransformerModels.Create(typeof(CrossPixelsNet), Device.Cpu(), random);
        pixels.Eval();
        var image = RandomData.Uniform(random, Batch * 24, -2, 2);
        using var oracle = OnnxRuntimeOracle.Export(pixels);
        Closeness.AssertClose(oracle.Run(image).ToDouble(), pixels.Forward(Device.Cpu().FromArray(image, [Batch, 4, 2, 3])).ToArray(), Closeness.ForwardTolerance,
            what: $"CrossPixelsNet (seed {seed})");
    }

    [Fact]
    public void Cross_kernels_on_ilgpus_cpu_accelerator_equal_the_cpus_with_fewer_queries_than_keys_and_a_mask()
    {
        using var gpu = Device.IlgpuCpu();
        var cpu = Device.Cpu();
        var random = new Random(Seed + 3);
        const int batch = 2, queries = 3, keys = 5, heads = 2, width = 4;
        int[] lengths = [5, 2];
        var q = RandomData.Uniform(random, batch * queries * 3 * width, -1, 1);
        var kv = RandomData.Uniform(random, batch * keys * 3 * width, -1, 1);
        var dc = RandomData.Uniform(random, batch * queries * width, -1, 1);
        float[][] Run(Device device)
        {
            var weights = device.Allocate(batch, heads, queries, keys);
            var context = device.Allocate(batch, queries, width);
            var mask = device.Allocate(batch, heads, queries, keys);
            var (dq, dkv) = (device.Allocate(batch, queries, 3 * width), device.Allocate(batch, keys, 3 * width));
            var (qt, kt) = (device.FromArray(q, batch, queries, 3 * width), device.FromArray(kv, batch, keys, 3 * width));
            Action forward = device.IsGpu
                ? () => Strata.Gpu.AttentionGpu.CrossForward(batch, queries, keys, heads, width, lengths, qt, kt, weights, context, mask, 0.3f, new Philox(4), training: true)
                : () => AttentionCpu.CrossForward(batch, queries, keys, heads, width, lengths, qt, kt, weights, context, mask, 0.3f, new Philox(4), training: true);
            forward();
            var (dcT, scores) = (device.FromArray(dc, batch, queries, width), device.Allocate(batch, heads, queries, keys));
            if (device.IsGpu)
            {
                Strata.Gpu.AttentionGpu.CrossBackward(batch, queries, keys, heads, width, lengths, qt, kt, weights, dcT, scores, dq, dkv, mask);
            }
            else
            {
                AttentionCpu.CrossBackward(batch, queries, keys, heads, width, lengths, qt, kt, weights, dcT, scores, dq, dkv, mask);
            }

            return [weights.ToArray(), context.ToArray(), mask.ToArray(), dq.ToArray(), dkv.ToArray()];
        }

        var (onCpu, onGpu) = (Run(cpu), Run(gpu));
        Assert.Equal(onCpu[2], onGpu[2]);
        string[] names = ["weights", "context", "mask", "dq", "dkv"];
        for (var i = 0; i < onCpu.Length; i++)
        {
            Closeness.AssertClose(onCpu[i].ToDouble(), onGpu[i], 1e-5, what: names[i]);
        }
    }

    private static double[] Reference(double[] x, IReadOnlyList<double[]> p, int[]? lengths)
    {
        var memory = ReferenceTransformer.Linear(Batch * Steps, 6, 6, x, p[0], p[1]).Select(Math.Tanh).ToArray();
        var queries = ReferenceTransformer.Linear(Batch * Steps, 6, 6, x, p[2], p[3]);
        return ReferenceTransformer.CrossAttention(Batch, Steps, Steps, 6, 3, queries, memory, p[4], p[5], p[6], p[7], lengths);
    }

    /// <summary>AdaptiveAvgPool(1, 2) of [N, 4, 2, 3]: each output column the mean of its PyTorch window (columns 0–1 and 1–2, both rows).</summary>
    private static double[] Pooled(double[] x)
    {
        var y = new double[Batch * 4 * 2];
        for (var n = 0; n < Batch; n++)
        {
            for (var c = 0; c < 4; c++)
            {
                for (var o = 0; o < 2; o++)
                {
                    var (start, end) = (o * 3 / 2, ((o + 1) * 3 + 1) / 2);
                    double sum = 0;
                    for (var r = 0; r < 2; r++)
                    {
                        for (var col = start; col < end; col++)
                        {
                            sum += x[((n * 4 + c) * 2 + r) * 3 + col];
                        }
                    }

                    y[(n * 4 + c) * 2 + o] = sum / (2 * (end - start));
                }
            }
        }

        return y;
    }
}
