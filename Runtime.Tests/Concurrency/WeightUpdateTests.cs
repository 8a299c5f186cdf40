using Strata.IO;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using Strata.Training;

namespace Strata.Runtime.Tests.Concurrency;

/// <summary>
/// A write of the weights (optimiser step, load) and Predict calls on other threads: the write waits for the calls in
/// flight, calls that start during the write wait for it, and every call sees one whole set of weights, never a mix.
/// </summary>
public class WeightUpdateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Blocked = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void An_optimiser_step_waits_until_the_predict_calls_in_flight_finish()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        foreach (var parameter in model.Parameters)
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(1f, parameter.Grad.Length).ToArray());
        }

        var before = model.Parameters[0].Value.ToArray();
        var sgd = new Sgd(model.Parameters, learningRate: 0.5f);
        var guard = model.Parameters[0].Guard!;
        var predict = guard.BeginPredict();
        using var stepped = new ManualResetEventSlim();
        var stepper = new Thread(() =>
        {
            sgd.Step();
            stepped.Set();
        });
        stepper.Start();

        Assert.False(stepped.Wait(Blocked), "The step ran while a Predict call held the weights.");
        Assert.Equal(before, model.Parameters[0].Value.ToArray());
        predict.Dispose();
        Assert.True(stepped.Wait(Patience));
        stepper.Join();
        Assert.Equal(before.Select(w => w - 0.5f), model.Parameters[0].Value.ToArray());
    }

    [Fact]
    public void A_predict_that_starts_during_a_write_waits_for_it_and_sees_the_new_weights()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        var source = new TinyNet(device, seed: 2);
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 2 * 9 * 8), 1, 2, 9, 8);
        using var output = device.Allocate(1, 3);
        source.Eval();
        var expected = source.Forward(x).ToArray();

        using var predicted = new ManualResetEventSlim();
        Thread predictor;
        using (WeightUpdate.Begin(model.Parameters, "test write"))
        {
            predictor = new Thread(() =>
            {
                model.Predict(x, output);
                predicted.Set();
            });
            predictor.Start();
            Assert.False(predicted.Wait(Blocked), "Predict ran while the weights were being written.");
            for (var i = 0; i < model.Parameters.Count; i++)
            {
                model.Parameters[i].Value.CopyFrom(source.Parameters[i].Value);
            }
        }

        Assert.True(predicted.Wait(Patience));
        predictor.Join();
        Assert.Equal(expected, output.ToArray());
    }

    [Fact]
    public void Predict_calls_during_repeated_loads_each_see_one_set_of_weights_or_the_other()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        var weightsA = ModelState.ToSafeTensors(new TinyNet(device, seed: 1));
        var weightsB = ModelState.ToSafeTensors(new TinyNet(device, seed: 2));
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 4 * 2 * 9 * 8), 4, 2, 9, 8);
        var outputA = Concurrently.Bits(model.Predict(x).ToArray());
        ModelState.Load(model, weightsB);
        var outputB = Concurrently.Bits(model.Predict(x).ToArray());
        Assert.False(outputA.SequenceEqual(outputB));

        var loads = 0;
        var seen = new int[2];
        var stop = 0;
        Concurrently.Run(3, thread =>
        {
            if (thread == 0)
            {
                // At least 200 loads, and on until the readers have seen some (a writer-first lock on a busy machine can
                // keep them waiting through all 200).
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (loads = 0; loads < 200 || (Volatile.Read(ref seen[0]) + Volatile.Read(ref seen[1]) == 0 && clock.Elapsed < Patience); loads++)
                {
                    ModelState.Load(model, loads % 2 == 0 ? weightsA : weightsB);
                }

                Volatile.Write(ref stop, 1);
                return;
            }

            using var output = device.Allocate(4, 3);
            while (Volatile.Read(ref stop) == 0)
            {
                model.Predict(x, output);
                var bits = Concurrently.Bits(output.ToArray());
                var which = bits.SequenceEqual(outputA) ? 0 : bits.SequenceEqual(outputB) ? 1 : throw new Xunit.Sdk.XunitException("A Predict call saw a mix of two sets of weights.");
                Interlocked.Increment(ref seen[which]);
            }
        });

        Assert.True(seen[0] + seen[1] > 0);
    }
}
