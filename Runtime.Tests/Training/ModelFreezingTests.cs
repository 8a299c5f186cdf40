using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class ModelFreezingTests
{
    public static TheoryData<string> Optimizers => ["Sgd", "Adam", "AdamW"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Frozen_layers_keep_their_values_while_the_others_train(string kind)
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        model.Freeze(nameof(TinyNet.A), nameof(TinyNet.C));
        IOptimizer optimizer = kind switch
        {
            "Sgd" => new Sgd(model.Parameters, 0.1f, momentum: 0.9f, weightDecay: 0.1f),
            "Adam" => new Adam(model.Parameters, 0.1f, weightDecay: 0.1f),
            _ => new AdamW(model.Parameters, 0.1f, weightDecay: 0.1f),
        };
        var before = model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
        foreach (var parameter in model.Parameters)
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(0.5f, parameter.Grad.Length).ToArray());
        }

        optimizer.Step();
        optimizer.Step();

        Assert.Equal(["A.weight", "A.bias", "C.weight"], model.Parameters.Where(p => p.IsFrozen).Select(p => p.Name));
        foreach (var parameter in model.Parameters)
        {
            var changed = !before[parameter.Name].AsSpan().SequenceEqual(parameter.Value.ToArray());
            Assert.True(changed != parameter.IsFrozen, $"{parameter.Name}: frozen {parameter.IsFrozen}, changed {changed}");
        }

        Assert.Equal(model.Parameters.Count - 3, model.TrainableParameters().Count);
        model.Unfreeze(nameof(TinyNet.A));
        Assert.False(model.Parameters[0].IsFrozen);
    }

    private const float Sentinel = 1234.5f;

    public static TheoryData<string, string[]> FrozenLayers => new()
    {
        { nameof(TinyNet), [nameof(TinyNet.A), nameof(TinyNet.G)] },       // the first conv (no input gradient) and a dense in the middle
        { nameof(TinyNet), [nameof(TinyNet.C), nameof(TinyNet.Out)] },     // a conv without bias in the middle and the last dense
        { nameof(ConvTransposeNet), [nameof(ConvTransposeNet.Grouped)] },  // a transposed conv in the middle
        { nameof(ConvTransposeNet), [nameof(ConvTransposeNet.Up)] },       // the first transposed conv
        { nameof(PixelSequenceNet), [nameof(PixelSequenceNet.Norm), nameof(PixelSequenceNet.Encoder)] }, // LayerNorm and a bidirectional GRU
        { nameof(ConvBatchNormSigmoidNet), [nameof(ConvBatchNormSigmoidNet.Bn)] },                        // BatchNorm in training
    };

    [Theory]
    [MemberData(nameof(FrozenLayers))]
    public void A_frozen_layers_backward_leaves_its_gradients_untouched_and_the_others_as_without_freezing(string type, string[] frozen) =>
        CheckFrozenBackward(type, frozen, Device.Cpu());

    /// <summary>The GPU kernels (on ILGPU's CPU accelerator) skip a frozen LayerNorm's and bidirectional GRU's gradients too.</summary>
    [Fact]
    public void On_the_gpu_kernels_a_frozen_layernorm_and_gru_leave_their_gradients_untouched()
    {
        using var ilgpu = Device.IlgpuCpu();
        CheckFrozenBackward(nameof(PixelSequenceNet), [nameof(PixelSequenceNet.Norm), nameof(PixelSequenceNet.Encoder)], ilgpu);
    }

    private static void CheckFrozenBackward(string type, string[] frozen, Device device)
    {
        var model = Create(type, device);
        var reference = Create(type, device);
        model.Freeze(frozen);
        foreach (var parameter in model.Parameters.Where(p => p.IsFrozen))
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(Sentinel, parameter.Grad.Length).ToArray());
        }

        var random = new Random(3);
        var batch = 3;
        var x = RandomData.Uniform(random, batch * model.InputShape.Aggregate(1, (a, b) => a * b));
        var r = RandomData.Uniform(random, batch * model.OutputShape.Aggregate(1, (a, b) => a * b));
        int[] inputShape = [batch, .. model.InputShape];
        int[] outputShape = [batch, .. model.OutputShape];
        foreach (var m in new[] { model, reference })
        {
            m.Forward(device.FromArray(x, inputShape));
            m.Backward(device.FromArray(r, outputShape));
        }

        Assert.Contains(model.Parameters, p => p.IsFrozen);
        for (var i = 0; i < model.Parameters.Count; i++)
        {
            var parameter = model.Parameters[i];
            var gradient = parameter.Grad.ToArray();
            if (parameter.IsFrozen)
            {
                Assert.True(gradient.All(g => g == Sentinel), $"{parameter.Name}: the frozen gradient was written.");
            }
            else
            {
                Assert.Equal(Bits(reference.Parameters[i].Grad.ToArray()), Bits(gradient));
            }
        }
    }

    [Fact]
    public void Training_with_frozen_layers_and_clipping_equals_training_only_the_other_parameters()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        var reference = new TinyNet(device, seed: 1);
        model.Freeze(nameof(TinyNet.A), nameof(TinyNet.G));
        foreach (var parameter in model.Parameters.Where(p => p.IsFrozen))
        {
            // A stale gradient from before freezing: clipping must not count it.
            parameter.Grad.CopyFrom(Enumerable.Repeat(Sentinel, parameter.Grad.Length).ToArray());
        }

        var trainable = reference.Parameters.Where(p => !p.Name.StartsWith("A.", StringComparison.Ordinal) && !p.Name.StartsWith("G.", StringComparison.Ordinal)).ToList();
        var optimizer = new Adam(model.Parameters, 0.01f);
        var referenceOptimizer = new Adam(trainable, 0.01f);
        var random = new Random(4);
        for (var step = 0; step < 3; step++)
        {
            var x = RandomData.Uniform(random, 4 * 2 * 9 * 8);
            var r = RandomData.Uniform(random, 4 * 3);
            model.Forward(device.FromArray(x, 4, 2, 9, 8));
            model.Backward(device.FromArray(r, 4, 3));
            var norm = GradientClipping.ClipByGlobalNorm(model.Parameters, 0.05f);
            optimizer.Step();
            reference.Forward(device.FromArray(x, 4, 2, 9, 8));
            reference.Backward(device.FromArray(r, 4, 3));
            var referenceNorm = GradientClipping.ClipByGlobalNorm(trainable, 0.05f);
            referenceOptimizer.Step();
            Assert.Equal(referenceNorm, norm);
            Assert.True(norm > 0.05f, "The clipping must scale, or the test shows nothing.");
        }

        for (var i = 0; i < model.Parameters.Count; i++)
        {
            Assert.Equal(Bits(reference.Parameters[i].Value.ToArray()), Bits(model.Parameters[i].Value.ToArray()));
        }
    }

    [Fact]
    public void A_frozen_embedding_and_lstm_leave_their_gradients_untouched_and_the_head_as_without_freezing()
    {
        var device = Device.Cpu();
        var model = new EmbeddingLstmNet(device, seed: 1);
        var reference = new EmbeddingLstmNet(device, seed: 1);
        model.Freeze(nameof(EmbeddingLstmNet.Embed), nameof(EmbeddingLstmNet.Encoder));
        foreach (var parameter in model.Parameters.Where(p => p.IsFrozen))
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(Sentinel, parameter.Grad.Length).ToArray());
        }

        var random = new Random(5);
        float[] ids = [.. Enumerable.Range(0, 3 * 4).Select(_ => (float)random.Next(5))];
        var r = RandomData.Uniform(random, 3 * 4 * 4);
        foreach (var m in new[] { model, reference })
        {
            m.Forward(device.FromArray(ids, 3, 4), [4, 2, 3]);
            m.Backward(device.FromArray(r, 3, 4, 4));
        }

        Assert.Equal(9, model.Parameters.Count(p => p.IsFrozen)); // the embedding, and the LSTM's two directions of four
        for (var i = 0; i < model.Parameters.Count; i++)
        {
            var parameter = model.Parameters[i];
            if (parameter.IsFrozen)
            {
                Assert.True(parameter.Grad.ToArray().All(g => g == Sentinel), $"{parameter.Name}: the frozen gradient was written.");
            }
            else
            {
                Assert.Equal(Bits(reference.Parameters[i].Grad.ToArray()), Bits(parameter.Grad.ToArray()));
            }
        }
    }

    [Fact]
    public void Freezing_statistics_freezes_the_named_layers_buffers_and_unfreezing_thaws_them()
    {
        var model = new ConvBatchNormSigmoidNet(Device.Cpu(), seed: 1);
        model.Freeze(nameof(ConvBatchNormSigmoidNet.Bn));
        Assert.False(model.Bn.Running.IsFrozen);

        model.Freeze(Freezing.ParametersAndStatistics, nameof(ConvBatchNormSigmoidNet.Bn));
        Assert.True(model.Bn.Running.IsFrozen);
        Assert.All(model.Buffers, b => Assert.True(b.IsFrozen));
        model.Train();
        model.Forward(model.Device.FromArray(RandomData.Uniform(new Random(1), 2 * 2 * 5 * 4), 2, 2, 5, 4));
        Assert.Equal(0, model.Bn.Running.BatchesTracked.Int64Values[0]);

        model.Unfreeze(nameof(ConvBatchNormSigmoidNet.Bn));
        Assert.False(model.Bn.Running.IsFrozen);
        Assert.DoesNotContain(model.Parameters, p => p.IsFrozen);
    }

    private static IModel Create(string type, Device device) => type switch
    {
        nameof(TinyNet) => new TinyNet(device, seed: 1),
        nameof(ConvTransposeNet) => new ConvTransposeNet(device, seed: 1),
        nameof(PixelSequenceNet) => new PixelSequenceNet(device, seed: 1),
        nameof(ConvBatchNormSigmoidNet) => new ConvBatchNormSigmoidNet(device, seed: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);

    [Fact]
    public void An_unknown_layer_or_one_without_parameters_is_an_ArgumentException_listing_the_layers()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        var error = Assert.Throws<ArgumentException>(() => model.Freeze("A", "B", "Nope"));
        Assert.Contains("'B', 'Nope'", error.Message);
        Assert.Contains("A, C, G, Out", error.Message);
        Assert.DoesNotContain(model.Parameters, p => p.IsFrozen);
    }
}
