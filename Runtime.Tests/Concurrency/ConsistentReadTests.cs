using System.Diagnostics;
using Strata.IO;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Concurrency;

/// <summary>Two BatchNorms in a row: a training forward updates the running statistics of one, then of the other.</summary>
[Model, Input(3, 4, 4)]
public partial class TwoBatchNormNet
{
    [BatchNorm] public partial BatchNorm Bn1 { get; }
    [BatchNorm(momentum: 0.5)] public partial BatchNorm Bn2 { get; }
}

/// <summary>
/// Everything that reads a model's weights and buffers as a whole (Predict, ModelState.Save and ToSafeTensors,
/// ExportOnnx) sees one consistent set while another thread writes them: a training forward updating BatchNorm's running
/// statistics, an optimiser step or a load. The overlap is made certain: the writer is held mid-write (through a test
/// hook, or by holding a <see cref="WeightUpdate"/> open) until the reader is seen waiting, or has finished.
/// </summary>
public class ConsistentReadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Predict_during_a_training_forward_sees_the_running_statistics_wholly_after_the_update()
    {
        var device = Device.Cpu();
        using var batch = device.FromArray(RandomData.Uniform(new Random(1), 4 * 3 * 4 * 4, -2f, 3f), 4, 3, 4, 4);
        using var x = device.FromArray(RandomData.Uniform(new Random(2), 2 * 3 * 4 * 4), 2, 3, 4, 4);
        var model = new TwoBatchNormNet(device, seed: 1);
        var before = Concurrently.Bits(model.Predict(x).ToArray());

        // The same model, trained on the same batch on one thread: what Predict must see after the training forward.
        var twin = new TwoBatchNormNet(device, seed: 1);
        twin.Forward(batch);
        twin.Eval();
        var after = Concurrently.Bits(twin.Forward(x).ToArray());
        Assert.False(before.SequenceEqual(after), "The training forward must change what Predict returns.");

        // Hold the training forward right after Bn1's statistics moved, before Bn2's do: a Predict that ran now
        // without waiting would see Bn1's new statistics with Bn2's old ones.
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        model.Bn1.Running.Updated = () =>
        {
            inside.Set();
            release.Wait(Patience);
        };
        var guard = model.Parameters[0].Guard!;
        using var output = device.Allocate(2, 3, 4, 4);
        Exception? trainFailure = null;
        Exception? predictFailure = null;
        var trainer = new Thread(() => trainFailure = Catch(() => model.Forward(batch)));
        var predictor = new Thread(() => predictFailure = Catch(() => model.Predict(x, output)));
        trainer.Start();
        try
        {
            Assert.True(inside.Wait(Patience), "The training forward never reached Bn1's update.");
            predictor.Start();
            Assert.True(WaitUntil(() => !predictor.IsAlive || guard.WaitingReaders > 0), "Predict neither finished nor waited.");
        }
        finally
        {
            release.Set();
            trainer.Join();
            if (predictor.ThreadState != System.Threading.ThreadState.Unstarted)
            {
                predictor.Join();
            }

            model.Bn1.Running.Updated = null;
        }

        Assert.Null(trainFailure);
        Assert.Null(predictFailure);
        var seen = Concurrently.Bits(output.ToArray());
        Assert.False(seen.SequenceEqual(before), "Predict ran on the running statistics from before the training forward, mid-update.");
        Assert.Equal(after, seen);
    }

    [Fact]
    public void Save_to_safetensors_and_to_onnx_wait_for_a_write_in_progress_and_see_it_whole()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        var source = new TinyNet(device, seed: 2);
        var expectedWeights = source.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var expectedOnnx = source.ToOnnx();
        Assert.NotEqual(expectedOnnx, model.ToOnnx());
        var guard = model.Parameters[0].Guard!;
        var path = Path.Combine(Path.GetTempPath(), $"strata-consistent-{Guid.NewGuid():N}", "model.safetensors");
        try
        {
            byte[] onnx = [];
            SafeTensorsFile? copy = null;
            var failures = new Exception?[3];
            var readers = new Thread[]
            {
                new(() => failures[0] = Catch(() => ModelState.Save(model, path))),
                new(() => failures[1] = Catch(() => copy = ModelState.ToSafeTensors(model))),
                new(() => failures[2] = Catch(() => onnx = model.ToOnnx())),
            };
            using (WeightUpdate.Begin(model.Parameters, "test write"))
            {
                foreach (var reader in readers)
                {
                    reader.Start();
                }

                Assert.True(
                    WaitUntil(() => readers.All(r => !r.IsAlive) || guard.WaitingReaders == readers.Length),
                    "The readers neither finished nor waited.");

                // The write happens only now, after the readers started: one that did not wait has the old values.
                for (var i = 0; i < model.Parameters.Count; i++)
                {
                    model.Parameters[i].Value.CopyFrom(source.Parameters[i].Value);
                }
            }

            foreach (var reader in readers)
            {
                reader.Join();
            }

            Assert.All(failures, Assert.Null);
            Assert.Equal(expectedOnnx, onnx);
            Assert.NotNull(copy);
            var loaded = SafeTensorsFile.Read(path);
            for (var i = 0; i < model.Parameters.Count; i++)
            {
                var name = model.Parameters[i].Name;
                Assert.Equal(expectedWeights[i], copy.Tensors[name].ToSingles());
                Assert.Equal(expectedWeights[i], loaded.Tensors[name].ToSingles());
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }
}
