using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Strata.Runtime.Tests.Seq2Seq;
using Strata.Seq2Seq;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// The declared encoder–decoder (<c>[SecondInput]</c> and <c>[AttentionGru]</c>, <see cref="TinySeq2Seq"/>): its loss and
/// every gradient against central finite differences of the float64 ReferenceSeq2Seq (written from d2l, not from this
/// code); the same as the runtime AttentionSeq2Seq on the same weights (loss, gradients, greedy and beam decoding with
/// their attention); the same on ILGPU's CPU accelerator as on the CPU; and the calls a two-input model refuses.
/// </summary>
public class EncoderDecoderModelTests
{
    private static readonly int[][] Sources = [[3, 1, 4, 1, 5], [8, 2], [6, 5, 3, 5]];

    private static readonly int[][] Targets = [[3, 4, 5], [4], [5, 6]];

    /// <summary>Declared parameter i is AttentionSeq2Seq's parameter Map[i]: the target embedding comes before the decoder there.</summary>
    private static readonly int[] Map = [0, 1, 2, 3, 4, 8, 5, 6, 7, 9, 10, 11, 12, 13, 14];

    private static Seq2SeqBatch Batch => Seq2SeqBatch.Create(Sources, Targets, bos: 1, eos: 2);

    /// <summary>The runtime model of TinySeq2Seq's sizes, and the declared one on <paramref name="device"/> with its weights.</summary>
    private static (AttentionSeq2Seq Runtime, TinySeq2Seq Declared) Pair(Device device, int seed)
    {
        var runtime = new AttentionSeq2Seq(new Seq2SeqSizes(9, 7, 4, 5, 3), seed);
        var declared = new TinySeq2Seq(device, seed: 1);
        Assert.Equal(runtime.Parameters.Count, declared.Parameters.Count);
        var random = new Random(seed);
        for (var i = 0; i < Map.Length; i++)
        {
            Assert.Equal(runtime.Parameters[Map[i]].Shape, declared.Parameters[i].Shape);
            // Non-zero biases too, so that every path of the cell is exercised.
            if (runtime.Parameters[Map[i]].Shape.Length == 1)
            {
                runtime.Parameters[Map[i]].Value.CopyFrom(RandomData.Uniform(random, runtime.Parameters[Map[i]].Value.Length, -0.5f, 0.5f));
            }

            declared.Parameters[i].Value.CopyFrom(runtime.Parameters[Map[i]].Value.ToArray());
        }

        return (runtime, declared);
    }

    [Fact]
    public void Parameters_have_d2l_names_and_shapes()
    {
        using var model = new Disposing<TinySeq2Seq>(new TinySeq2Seq(Device.Cpu(), 0));
        Assert.Equal(
            [
                "SourceEmbedding.weight", "Encoder.weight_ih_l0", "Encoder.weight_hh_l0", "Encoder.bias_ih_l0", "Encoder.bias_hh_l0",
                "TargetEmbedding.weight", "Decoder.attention.W_q.weight", "Decoder.attention.W_k.weight", "Decoder.attention.w_v.weight",
                "Decoder.rnn.weight_ih_l0", "Decoder.rnn.weight_hh_l0", "Decoder.rnn.bias_ih_l0", "Decoder.rnn.bias_hh_l0", "Head.weight", "Head.bias",
            ],
            model.Value.Parameters.Select(p => p.Name));
        Assert.Equal([15, 5 + 4], model.Value.Parameters.Single(p => p.Name == "Decoder.rnn.weight_ih_l0").Shape);
        Assert.Equal("target", model.Value.SecondInputName);
        Assert.Equal([-1], model.Value.SecondInputShape);
        Assert.Contains("(target)", model.Value.Summary);
    }

    [Fact]
    [Covers(Check.Gradient, typeof(AttentionGruAttribute))]
    public void The_loss_and_every_gradient_match_finite_differences_of_a_float64_reference()
    {
        var (_, model) = Pair(Device.Cpu(), seed: 5);
        model.Train();
        var batch = Batch;
        var loss = new EncoderDecoderTraining().ComputeGradients(model, batch);
        var reference = new ReferenceSeq2Seq(9, 7, 4, 5, 3);
        var declared = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToArray();
        // The reference takes AttentionSeq2Seq's order.
        var point = new double[declared.Length][];
        for (var i = 0; i < Map.Length; i++)
        {
            point[Map[i]] = declared[i];
        }

        double Loss(double[][] p) => reference.Loss(
            p, batch.Batch, batch.SourceSteps, batch.TargetSteps, batch.Source, batch.SourceLengths, batch.TargetInput, batch.TargetOutput, batch.TargetLengths);

        Closeness.AssertClose([Loss(point)], [loss], Closeness.ForwardTolerance, what: "loss");
        for (var i = 0; i < Map.Length; i++)
        {
            var index = Map[i];
            var expected = FiniteDifferences.Gradient(values => Loss(point.Select((p, j) => j == index ? values : p).ToArray()), point[index]);
            Closeness.AssertClose(expected, model.Parameters[i].Grad.ToArray(), Closeness.GradientTolerance, floor: 1e-2, what: model.Parameters[i].Name);
        }

        // The gradient reached the encoder through both the attention and the initial state.
        Assert.Contains(model.Parameters.Single(p => p.Name == "Encoder.weight_hh_l0").Grad.ToArray(), g => g != 0);
    }

    [Fact]
    public void The_declared_model_equals_the_runtime_AttentionSeq2Seq_on_the_same_weights()
    {
        var (runtime, declared) = Pair(Device.Cpu(), seed: 9);
        declared.Train();
        var batch = Batch;
        var expected = runtime.ComputeGradients(batch);
        var actual = new EncoderDecoderTraining().ComputeGradients(declared, batch);
        Assert.Equal(expected, actual, 5);
        for (var i = 0; i < Map.Length; i++)
        {
            Closeness.AssertClose(runtime.Parameters[Map[i]].Grad.ToArray().ToDouble(), declared.Parameters[i].Grad.ToArray(), 1e-4, floor: 1e-3, what: declared.Parameters[i].Name);
        }

        var greedy = runtime.Greedy(Sources, bos: 1, eos: 2, maxSteps: 6);
        var decoded = Seq2SeqDecoding.Greedy(declared, Sources, bos: 1, eos: 2, maxSteps: 6);
        Assert.True(declared.IsTraining, "decoding puts the model back in training");
        for (var i = 0; i < Sources.Length; i++)
        {
            Assert.Equal(greedy[i].Tokens, decoded[i].Tokens);
            Assert.Equal(greedy[i].Attention.Length, decoded[i].Attention.Length);
            for (var row = 0; row < greedy[i].Attention.Length; row++)
            {
                Closeness.AssertClose(greedy[i].Attention[row].ToDouble(), decoded[i].Attention[row], 1e-4, floor: 1e-3, what: $"attention {i}, {row}");
            }

            foreach (var width in new[] { 1, 3 })
            {
                Assert.Equal(
                    runtime.BeamSearch(Sources[i], bos: 1, eos: 2, maxSteps: 6, beamWidth: width),
                    Seq2SeqDecoding.BeamSearch(declared, Sources[i], bos: 1, eos: 2, maxSteps: 6, beamWidth: width));
            }
        }
    }

    [Fact]
    public void Beam_width_one_is_greedy_and_each_attention_row_is_a_distribution_over_the_source()
    {
        var model = new TinySeq2Seq(Device.Cpu(), 7);
        var greedy = Seq2SeqDecoding.Greedy(model, Sources, bos: 1, eos: 2, maxSteps: 6);
        for (var i = 0; i < Sources.Length; i++)
        {
            Assert.Equal(greedy[i].Tokens, Seq2SeqDecoding.BeamSearch(model, Sources[i], bos: 1, eos: 2, maxSteps: 6, beamWidth: 1));
            Assert.All(greedy[i].Attention, row => Assert.Equal(Sources[i].Length, row.Length));
            Assert.All(greedy[i].Attention, row => Assert.Equal(1f, row.Sum(), 4));
        }
    }

    [Fact]
    public void On_ilgpu_cpu_the_loss_gradients_and_attention_equal_the_cpu()
    {
        using var ilgpu = Device.IlgpuCpu();
        var (_, cpu) = Pair(Device.Cpu(), seed: 13);
        var (_, gpu) = Pair(ilgpu, seed: 13);
        var batch = Batch;
        var expected = new EncoderDecoderTraining().ComputeGradients(cpu, batch);
        var actual = new EncoderDecoderTraining().ComputeGradients(gpu, batch);
        Assert.Equal(expected, actual, 4);
        for (var i = 0; i < cpu.Parameters.Count; i++)
        {
            Closeness.AssertClose(cpu.Parameters[i].Grad.ToArray().ToDouble(), gpu.Parameters[i].Grad.ToArray(), 1e-4, floor: 1e-3, what: cpu.Parameters[i].Name);
        }

        Closeness.AssertClose(cpu.LastAttention!.ToArray().ToDouble(), gpu.LastAttention!.ToArray(), 1e-4, floor: 1e-3, what: "attention");
    }

    [Fact]
    public void Feature_inputs_get_their_gradients_and_predict_equals_forward_in_evaluation()
    {
        var model = new FeatureSeq2Seq(Device.Cpu(), 3);
        var random = new Random(3);
        using var source = Device.Cpu().FromArray(RandomData.Uniform(random, 2 * 5 * 3), 2, 5, 3);
        using var target = Device.Cpu().FromArray(RandomData.Uniform(random, 2 * 4 * 2), 2, 4, 2);
        model.Eval();
        var output = model.Forward(source, [5, 3], target, [4, 2]).ToArray();
        using var predicted = model.Predict(source, [5, 3], target, [4, 2]);
        Assert.Equal(output, predicted.ToArray());
        Assert.Equal([2, 4, 3], predicted.Shape);

        // d(sum of outputs)/d(source) by central differences through Predict, against Backward's input gradient.
        model.Forward(source, [5, 3], target, [4, 2]);
        using var ones = Device.Cpu().FromArray(Enumerable.Repeat(1f, 2 * 4 * 3).ToArray(), 2, 4, 3);
        var gradient = model.Backward(ones, inputGradient: true)!.ToArray();
        var values = source.ToArray();
        foreach (var index in new[] { 0, 7, 14, 20, 29 })
        {
            double Sum(float delta)
            {
                var shifted = (float[])values.Clone();
                shifted[index] += delta;
                using var x = Device.Cpu().FromArray(shifted, 2, 5, 3);
                using var y = model.Predict(x, [5, 3], target, [4, 2]);
                return y.ToArray().Sum(v => (double)v);
            }

            var expected = (Sum(1e-2f) - Sum(-1e-2f)) / 2e-2;
            Assert.True(Math.Abs(expected - gradient[index]) < 2e-2 * Math.Max(1, Math.Abs(expected)), $"d/dsource[{index}]: {gradient[index]} vs {expected}");
        }

        // Steps past a source's length get no gradient: the memory's keys there are masked.
        Assert.All(gradient.AsSpan(15 + 3 * 3, 2 * 3).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    [Covers(Check.OnnxRefused, typeof(AttentionGruAttribute))]
    public void Export_refuses_with_the_reason_and_one_input_calls_say_which_overload_to_use()
    {
        var model = new TinySeq2Seq(Device.Cpu(), 0);
        var refused = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("Decoder is an AttentionGru layer", refused.Message);
        Assert.Contains("opset 17 has no operator", refused.Message);
        Assert.Throws<NotSupportedException>(() => model.ToOnnx());
        using var source = EncoderDecoderTraining.Ids(Device.Cpu(), [3, 4], 1, 2);
        using var target = EncoderDecoderTraining.Ids(Device.Cpu(), [1, 4, 5, 1, 5, 6], 2, 3);
        Assert.Contains("Forward(input, lengths, target, targetLengths)", Assert.Throws<InvalidOperationException>(() => model.Forward(source)).Message);
        Assert.Contains("Predict(input, lengths, target, targetLengths)", Assert.Throws<InvalidOperationException>(() => model.Predict(source)).Message);
        Assert.Contains("both inputs hold the same examples", Assert.Throws<ArgumentException>(() => model.Forward(source, null, target, null)).Message);
        Assert.Throws<InvalidOperationException>(() => model.Backward(Device.Cpu().Allocate(1, 3, 7)));
        Assert.Null(model.LastAttention);
    }

    private sealed class Disposing<T>(T value) : IDisposable
    {
        public T Value { get; } = value;

        public void Dispose()
        {
        }
    }
}
