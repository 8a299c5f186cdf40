using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Strata.IO;
using Strata.Runtime.Tests.Training;
using Strata.Training;
using Xunit.Abstractions;

namespace Strata.Runtime.Tests.IO;

public sealed class CheckpointTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Optimizers => ["Sgd", "Adam", "AdamW"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Steps_after_a_restore_equal_the_steps_of_a_run_that_never_stopped(string kind)
    {
        var data = TrainerTests.Blobs(24, seed: 3);
        var (model, optimizer) = Make(kind, seed: 1);
        TakeSteps(model, optimizer, data, 3);
        var path = Path.Combine(_directory, "a.ckpt");
        Checkpoint.Save(path, model, optimizer, epoch: 1, step: 3);

        var (fresh, freshOptimizer) = Make(kind, seed: 99);
        Checkpoint.Read(path).Restore(fresh, freshOptimizer);
        TakeSteps(model, optimizer, data, 2);
        TakeSteps(fresh, freshOptimizer, data, 2);

        for (var i = 0; i < model.Parameters.Count; i++)
        {
            Assert.Equal(Bits(model.Parameters[i].Value.ToArray()), Bits(fresh.Parameters[i].Value.ToArray()));
        }

        var (expected, actual) = (optimizer.GetState(), freshOptimizer.GetState());
        Assert.Equal(expected.StepCount, actual.StepCount);
        Assert.Equal(expected.Buffers.Keys.Order(), actual.Buffers.Keys.Order());
        Assert.All(expected.Buffers, b => Assert.Equal(Bits(b.Value), Bits(actual.Buffers[b.Key])));
    }

    [Fact]
    public void A_restored_model_draws_the_dropout_masks_the_model_that_kept_going_draws()
    {
        var device = Device.Cpu();
        var model = new Strata.Runtime.Tests.Models.DropoutNet(device, seed: 1);
        using var x = device.FromArray(Strata.Runtime.Tests.Reference.RandomData.Uniform(new Random(2), 3 * 50, 0.5f, 1.5f), 3, 2, 5, 5);
        model.Forward(x);
        model.Forward(x);
        var path = Path.Combine(_directory, "dropout.ckpt");
        Checkpoint.Save(path, model, optimizer: null, epoch: 1, step: 2);
        var expected = Bits(model.Forward(x).ToArray());

        var saved = Checkpoint.Read(path);
        Assert.True(saved.Generators.ContainsKey(Checkpoint.DropoutGeneratorName));
        // The weights alone are not enough: a model with them but its own dropout generator drops other elements.
        var weightsOnly = new Strata.Runtime.Tests.Models.DropoutNet(device, seed: 7);
        ModelState.Load(weightsOnly, saved.Weights);
        Assert.NotEqual(expected, Bits(weightsOnly.Forward(x).ToArray()));
        var fresh = new Strata.Runtime.Tests.Models.DropoutNet(device, seed: 7);
        saved.Restore(fresh, optimizer: null);

        Assert.Equal(expected, Bits(fresh.Forward(x).ToArray()));
    }

    [Fact]
    public void The_models_dropout_generator_name_is_reserved()
    {
        var (model, _) = Make("Sgd", seed: 1);
        var generators = new Dictionary<string, PhiloxState> { [Checkpoint.DropoutGeneratorName] = new Philox(1).GetState() };
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(Path.Combine(_directory, "r.ckpt"), model, null, 0, 0, generators));
    }

    [Fact]
    public void The_file_keeps_state_dict_names_pytorchs_buffer_names_and_the_metadata()
    {
        var (model, optimizer) = Make("Adam", seed: 1);
        TakeSteps(model, optimizer, TrainerTests.Blobs(8, seed: 3), 2);
        var path = Path.Combine(_directory, "named.ckpt");
        Checkpoint.Save(path, model, optimizer, epoch: 4, step: 17, new Dictionary<string, PhiloxState> { ["shuffle"] = new Philox(5).GetState() },
            new Dictionary<string, string> { ["note"] = "hello" }, new Dictionary<string, float[]> { ["best/Out.bias"] = [1, 2, 3] });

        var file = SafeTensorsFile.Read(path);
        Assert.Equal(
            ["Out.bias", "Out.weight", "extra/best/Out.bias", "optimizer/exp_avg/Out.bias", "optimizer/exp_avg/Out.weight",
             "optimizer/exp_avg_sq/Out.bias", "optimizer/exp_avg_sq/Out.weight"],
            file.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Checkpoint.FormatVersion, file.Metadata["strata.format"]);
        Assert.Equal("4", file.Metadata["strata.epoch"]);
        Assert.Equal("2", file.Metadata["strata.optimizer.step_count"]);

        var checkpoint = Checkpoint.Read(path);
        Assert.Equal((4, 17L), (checkpoint.Epoch, checkpoint.Step));
        Assert.Equal(new Philox(5).GetState(), checkpoint.Generators["shuffle"]);
        Assert.Equal("hello", checkpoint.Values["note"]);
        Assert.Equal([1f, 2f, 3f], checkpoint.Extras["best/Out.bias"]);

        // The weights alone load with ModelState, as PyTorch's load_state_dict(strict=False) would take them.
        var other = new SoftmaxRegression(Device.Cpu(), 4, 3, seed: 7);
        ModelState.Load(other, checkpoint.Weights);
        Assert.Equal(model.Parameters[0].Value.ToArray(), other.Parameters[0].Value.ToArray());
    }

    [Fact]
    public void A_mismatched_restore_changes_neither_the_model_nor_the_optimizer()
    {
        var (model, optimizer) = Make("Adam", seed: 1);
        TakeSteps(model, optimizer, TrainerTests.Blobs(8, seed: 3), 2);
        var path = Path.Combine(_directory, "adam.ckpt");
        Checkpoint.Save(path, model, optimizer, epoch: 1, step: 2);
        var checkpoint = Checkpoint.Read(path);

        // Another optimiser kind.
        var (target, sgd) = Make("Sgd", seed: 5);
        var before = target.Parameters.Select(p => p.Value.ToArray()).ToList();
        Assert.Contains("Adam's; it cannot be loaded into Sgd", Assert.Throws<InvalidDataException>(() => checkpoint.Restore(target, sgd)).Message);
        Assert.Equal(before, target.Parameters.Select(p => p.Value.ToArray()));

        // The right optimiser, a model of another shape: the optimiser's moments go back to what they were.
        var wider = new SoftmaxRegression(Device.Cpu(), 5, 3, seed: 2);
        var widerAdam = new Adam(wider.Parameters);
        var state = widerAdam.GetState();
        Assert.Throws<InvalidDataException>(() => checkpoint.Restore(wider, widerAdam));
        Assert.Equal(0, widerAdam.GetState().StepCount);
        Assert.All(state.Buffers, b => Assert.Equal(b.Value, widerAdam.GetState().Buffers[b.Key]));
    }

    [Fact]
    public void A_weights_only_file_is_not_a_checkpoint()
    {
        var model = new SoftmaxRegression(Device.Cpu(), 4, 3, seed: 1);
        var path = Path.Combine(_directory, "weights.safetensors");
        ModelState.Save(model, path);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));
        Assert.Contains("without \"strata.format\"", error.Message);
    }

    [Fact]
    public async Task A_thousand_mutated_checkpoints_each_restore_fully_or_throw_InvalidDataException_leaving_everything_as_it_was()
    {
        var (model, optimizer) = Make("AdamW", seed: 1);
        TakeSteps(model, optimizer, TrainerTests.Blobs(8, seed: 3), 2);
        var path = Path.Combine(_directory, "valid.ckpt");
        Checkpoint.Save(path, model, optimizer, epoch: 2, step: 2, new Dictionary<string, PhiloxState> { ["shuffle"] = new Philox(1).GetState() });
        var valid = File.ReadAllBytes(path);
        var mutant = Path.Combine(_directory, "mutant.ckpt");
        var (target, targetOptimizer) = Make("AdamW", seed: 8);
        var outcomes = new Dictionary<string, (int Restored, int Rejected)>();
        var clock = Stopwatch.StartNew();
        var fuzz = Task.Run(() =>
        {
            var random = new Random(16_000);
            for (var i = 0; i < 1_000; i++)
            {
                var (bytes, what) = random.Next(3) == 0 ? LyingMetadata(valid, random) : SafeTensorsMutations.Mutate(valid, random);
                File.WriteAllBytes(mutant, bytes);
                var weights = target.Parameters.Select(p => p.Value.ToArray()).ToList();
                var state = targetOptimizer.GetState();
                var (restored, rejected) = outcomes.GetValueOrDefault(what);
                try
                {
                    Checkpoint.Read(mutant).Restore(target, targetOptimizer);
                    restored++;
                }
                catch (InvalidDataException)
                {
                    rejected++;
                    Assert.Equal(weights, target.Parameters.Select(p => p.Value.ToArray()));
                    Assert.Equal(state.StepCount, targetOptimizer.GetState().StepCount);
                    Assert.All(state.Buffers, b => Assert.Equal(b.Value, targetOptimizer.GetState().Buffers[b.Key]));
                }
                catch (Exception exception)
                {
                    throw new Xunit.Sdk.XunitException($"Mutant {i} ({what}) threw {exception.GetType().Name}: {exception}");
                }

                outcomes[what] = (restored, rejected);
            }
        });

        await fuzz.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s; " + string.Join("; ", outcomes.Select(o => $"{o.Key}: {o.Value.Restored} restored, {o.Value.Rejected} rejected")));
        Assert.Equal(1_000, outcomes.Values.Sum(o => o.Restored + o.Rejected));
        Assert.All(outcomes, o => Assert.True(o.Value.Rejected > 0, $"No '{o.Key}' mutant was rejected."));
    }

    /// <summary>The checkpoint's own metadata lies: a value replaced by an odd string, or removed.</summary>
    private static (byte[] Bytes, string What) LyingMetadata(byte[] valid, Random random)
    {
        var headerLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var root = JsonNode.Parse(Encoding.UTF8.GetString(valid, 8, headerLength))!.AsObject();
        var metadata = root["__metadata__"]!.AsObject();
        var keys = metadata.Select(m => m.Key).ToArray();
        var key = keys[random.Next(keys.Length)];
        string[] odd = ["", "-1", "1.5", "abc", "99999999999999999999", "NaN", "Infinity", "-0", " 1", "strata-checkpoint/2", "Adam", "00", new string('F', 56), new string('0', 54)];
        if (random.Next(4) == 0)
        {
            metadata.Remove(key);
        }
        else
        {
            metadata[key] = odd[random.Next(odd.Length)];
        }

        var json = Encoding.UTF8.GetBytes(root.ToJsonString());
        var bytes = new byte[8 + json.Length + valid.Length - 8 - headerLength];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        valid.AsSpan(8 + headerLength).CopyTo(bytes.AsSpan(8 + json.Length));
        return (bytes, "checkpoint metadata lies");
    }

    private static (SoftmaxRegression Model, IResumableOptimizer Optimizer) Make(string kind, int seed)
    {
        var model = new SoftmaxRegression(Device.Cpu(), 4, 3, seed);
        IResumableOptimizer optimizer = kind switch
        {
            "Sgd" => new Sgd(model.Parameters, 0.1f, momentum: 0.9f, weightDecay: 1e-3f),
            "Adam" => new Adam(model.Parameters, 1e-2f, weightDecay: 1e-3f),
            _ => new AdamW(model.Parameters, 1e-2f),
        };
        return (model, optimizer);
    }

    private static void TakeSteps(SoftmaxRegression model, IOptimizer optimizer, Strata.Data.Dataset data, int steps)
    {
        using var input = Device.Cpu().FromArray(data.Features, data.Count, 4);
        var loss = new SoftmaxCrossEntropy();
        using var gradient = Device.Cpu().Allocate(data.Count, 3);
        for (var s = 0; s < steps; s++)
        {
            var logits = model.Forward(input);
            loss.Compute(logits, data.Labels.ToArray(), gradient);
            model.Backward(gradient);
            optimizer.Step();
        }
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
