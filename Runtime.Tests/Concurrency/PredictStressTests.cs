using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using Strata.Samples;

namespace Strata.Runtime.Tests.Concurrency;

/// <summary>
/// Predict from many threads on one model: 4 threads × 500 calls with distinct inputs, on a CNN and on a bidirectional
/// LSTM with per-sequence lengths. Every result equals, bit for bit, what a single thread gets from Forward in
/// evaluation mode. (Before Predict, one model's Forward shared by two threads gave wrong answers silently.)
/// </summary>
public class PredictStressTests
{
    private const int Threads = 4;
    private const int CallsPerThread = 500;
    private const int Calls = Threads * CallsPerThread;

    [Fact]
    public void Four_threads_predicting_on_a_cnn_each_get_the_single_threaded_result_bit_for_bit()
    {
        var device = Device.Cpu();
        var model = new LeNet(device, seed: 1);
        model.Eval();
        var inputs = Enumerable.Range(0, Calls).Select(i => RandomData.Uniform(new Random(i), 28 * 28)).ToArray();
        var expected = inputs.Select(x =>
        {
            using var input = device.FromArray(x, 1, 1, 28, 28);
            return Concurrently.Bits(model.Forward(input).ToArray());
        }).ToArray();

        var actual = new int[Calls][];
        Concurrently.Run(Threads, thread =>
        {
            using var output = device.Allocate(1, 10);
            for (var call = 0; call < CallsPerThread; call++)
            {
                var i = call * Threads + thread;
                using var input = device.FromArray(inputs[i], 1, 1, 28, 28);
                if (call % 2 == 0)
                {
                    model.Predict(input, output);
                    actual[i] = Concurrently.Bits(output.ToArray());
                }
                else
                {
                    using var result = model.Predict(input);
                    actual[i] = Concurrently.Bits(result.ToArray());
                }
            }
        });

        for (var i = 0; i < Calls; i++)
        {
            Assert.True(expected[i].SequenceEqual(actual[i]), $"Call {i} differs from the single-threaded result.");
        }
    }

    [Fact]
    public void Four_threads_predicting_on_a_bidirectional_lstm_with_lengths_each_get_the_single_threaded_result_bit_for_bit()
    {
        const int batch = 2, steps = 8;
        var device = Device.Cpu();
        var model = new StackedBiLstmNet(device, seed: 3);
        model.Eval();
        var inputs = Enumerable.Range(0, Calls).Select(i => RandomData.Uniform(new Random(i), batch * steps * 3)).ToArray();

        // Every length from 1 to steps, in both positions of the batch.
        var lengths = Enumerable.Range(0, Calls).Select(i => new[] { 1 + i % steps, steps - i / steps % steps }).ToArray();
        var expected = inputs.Select((x, i) =>
        {
            using var input = device.FromArray(x, batch, steps, 3);
            return Concurrently.Bits(model.Forward(input, lengths[i]).ToArray());
        }).ToArray();

        var actual = new int[Calls][];
        Concurrently.Run(Threads, thread =>
        {
            using var output = device.Allocate(batch, steps, 2);
            for (var call = 0; call < CallsPerThread; call++)
            {
                var i = call * Threads + thread;
                using var input = device.FromArray(inputs[i], batch, steps, 3);
                if (call % 2 == 0)
                {
                    model.Predict(input, lengths[i], output);
                    actual[i] = Concurrently.Bits(output.ToArray());
                }
                else
                {
                    using var result = model.Predict(input, lengths[i]);
                    actual[i] = Concurrently.Bits(result.ToArray());
                }
            }
        });

        for (var i = 0; i < Calls; i++)
        {
            Assert.True(expected[i].SequenceEqual(actual[i]), $"Call {i} (lengths {string.Join(", ", lengths[i])}) differs from the single-threaded result.");
        }
    }

    [Fact]
    public void Two_threads_predicting_on_the_ilgpu_cpu_device_each_get_the_single_threaded_result()
    {
        using var device = Device.IlgpuCpu();
        var model = new TinyNet(device, seed: 1);
        model.Eval();
        var inputs = Enumerable.Range(0, 8).Select(i => RandomData.Uniform(new Random(i), 2 * 9 * 8)).ToArray();
        var expected = inputs.Select(x =>
        {
            using var input = device.FromArray(x, 1, 2, 9, 8);
            return Concurrently.Bits(model.Forward(input).ToArray());
        }).ToArray();

        var actual = new int[inputs.Length][];
        Concurrently.Run(2, thread =>
        {
            for (var i = thread; i < inputs.Length; i += 2)
            {
                using var input = device.FromArray(inputs[i], 1, 2, 9, 8);
                using var result = model.Predict(input);
                actual[i] = Concurrently.Bits(result.ToArray());
            }
        });

        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.True(expected[i].SequenceEqual(actual[i]), $"Call {i} differs from the single-threaded result.");
        }
    }
}
