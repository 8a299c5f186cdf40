using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Strata.Benchmarks;

/// <summary>
/// Inference served from several threads at batch 1: each thread calls the thread-safe <c>Predict(input, output)</c> of
/// one shared model, against ONNX Runtime's <c>InferenceSession.Run</c> on one shared session (built from the model's
/// own ONNX export, so the weights are the same). Reports the mean wall time per call (wall time of the whole run over
/// all calls of all threads), so a lower time at 2 threads than at 1 means the threads overlap usefully.
/// </summary>
internal static class ServingBenchmark
{
    private const double Seconds = 2.0;

    /// <summary>
    /// One row per model and thread count: Strata Predict's and ORT's seconds per call, and at one thread the model's
    /// own Forward (in Eval mode) as the baseline of what Predict adds.
    /// </summary>
    public static IEnumerable<(string Case, int Threads, double? Forward, double Strata, double Ort)> Run()
    {
        var device = Device.Cpu();
        var vgg = new VggCifarModel(device, seed: 1);
        vgg.Eval();
        var image = Values(3 * 32 * 32, 1);
        using var imageTensor = device.FromArray(image, 1, 3, 32, 32);
        foreach (var threads in new[] { 1, 2 })
        {
            yield return ("VGG-11 CIFAR, 3×32×32, b1", threads,
                threads == 1 ? SecondsPerCall([() => vgg.Forward(imageTensor)]) : null,
                StrataSecondsPerCall(threads, () => new Caller(device, vgg, image, [1, 3, 32, 32], [1, 10], null)),
                OrtSecondsPerCall(threads, vgg.ToOnnx(), image, [1, 3, 32, 32], [1, 10], null));
        }

        const int steps = 35;
        var lstm = new LstmClassifierModel(device, seed: 1);
        lstm.Eval();
        var sequence = Values(steps * 64, 2);
        using var sequenceTensor = device.FromArray(sequence, 1, steps, 64);
        foreach (var threads in new[] { 1, 2 })
        {
            yield return ($"LSTM 256 classifier, in 64, T{steps}, b1", threads,
                threads == 1 ? SecondsPerCall([() => lstm.Forward(sequenceTensor, [steps])]) : null,
                StrataSecondsPerCall(threads, () => new Caller(device, lstm, sequence, [1, steps, 64], [1, 10], [steps])),
                OrtSecondsPerCall(threads, lstm.ToOnnx(), sequence, [1, steps, 64], [1, 10], [steps]));
        }
    }

    private static double StrataSecondsPerCall(int threads, Func<Caller> caller)
    {
        var callers = Enumerable.Range(0, threads).Select(_ => caller()).ToArray();
        return SecondsPerCall(callers.Select(c => (Action)c.Call).ToArray());
    }

    private static double OrtSecondsPerCall(int threads, byte[] onnx, float[] input, long[] inputShape, long[] outputShape, int[]? lengths)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(onnx, options);
        var values = new List<IDisposable>();
        var calls = new Action[threads];
        for (var t = 0; t < threads; t++)
        {
            var x = OrtValue.CreateTensorValueFromMemory((float[])input.Clone(), inputShape);
            var y = OrtValue.CreateTensorValueFromMemory(new float[outputShape.Aggregate(1L, (a, d) => a * d)], outputShape);
            var runOptions = new RunOptions();
            values.AddRange([x, y, runOptions]);
            if (lengths is null)
            {
                calls[t] = () => session.Run(runOptions, ["input"], [x], ["output"], [y]);
            }
            else
            {
                var l = OrtValue.CreateTensorValueFromMemory((int[])lengths.Clone(), [lengths.Length]);
                values.Add(l);
                calls[t] = () => session.Run(runOptions, ["input", "lengths"], [x, l], ["output"], [y]);
            }
        }

        try
        {
            return SecondsPerCall(calls);
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    /// <summary>Warms every call up, then runs them on one thread each for about <see cref="Seconds"/>; wall seconds per call.</summary>
    private static double SecondsPerCall(Action[] calls)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 0.5)
        {
            foreach (var call in calls)
            {
                call();
            }
        }

        var counts = new long[calls.Length];
        using var start = new Barrier(calls.Length + 1);
        var wall = new Stopwatch();
        var threads = calls.Select((call, t) => new Thread(() =>
        {
            start.SignalAndWait();
            while (wall.Elapsed.TotalSeconds < Seconds)
            {
                call();
                counts[t]++;
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        wall.Start();
        start.SignalAndWait();
        foreach (var thread in threads)
        {
            thread.Join();
        }

        return wall.Elapsed.TotalSeconds / counts.Sum();
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();
    }

    /// <summary>One serving thread's input, output and lengths, calling Predict on the shared model.</summary>
    private sealed class Caller(Device device, IModel model, float[] input, int[] inputShape, int[] outputShape, int[]? lengths)
    {
        private readonly Tensor _input = device.FromArray(input, inputShape);
        private readonly Tensor _output = device.Allocate(outputShape);

        public void Call()
        {
            if (lengths is null)
            {
                model.Predict(_input, _output);
            }
            else
            {
                ((ISequenceModel)model).Predict(_input, lengths, _output);
            }
        }
    }
}
