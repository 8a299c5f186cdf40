using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Strata.Samples;
using Strata.Training;

namespace Strata.Benchmarks;

/// <summary>
/// Whole generated models against ONNX Runtime on each model's own export (CPU provider, 2 intra-op threads, full
/// graph optimisation, preallocated values), in one process: after a warm-up of each, blocks of single calls of
/// Strata's <c>Forward</c> (in <c>Eval</c>) and ORT's <c>Run</c> alternate, and the medians are compared (ratio = Strata time /
/// ORT time, ≤ 1 means Strata is faster). Training steps (batch copy, Forward, loss, Backward, Adam) report samples/s,
/// the fraction of the measured peak from the FLOPs the model's Summary counts (×3 for forward + backward) and the
/// bytes allocated per step after warm-up on all threads.
/// </summary>
internal static class WholeModelBenchmark
{
    private const int OrtThreads = 2;

    // Each block of alternating inference calls: untimed, then timed (see Alternating).
    private const double SettleSeconds = 0.02;
    private const double BlockSeconds = 0.03;

    /// <summary>
    /// Case-name prefixes to run (<c>--cases lenet_b64,vgg</c>); empty runs every case.
    /// </summary>
    public static string[] Cases { get; set; } = [];

    private static bool Selected(string name) => Cases.Length == 0 || Cases.Any(name.StartsWith);

    /// <summary>One inference case: medians of Strata and ORT, seconds per call.</summary>
    public sealed record InferenceRow(string Case, double Strata, double Ort)
    {
        public double Ratio => Strata / Ort;
    }

    /// <summary>One training case: seconds per step, samples/s, GFLOP/s, bytes per step.</summary>
    public sealed record TrainingRow(string Case, int Batch, double Seconds, double Gflops, double BytesPerStep)
    {
        public double SamplesPerSecond => Batch / Seconds;
    }

    /// <summary>The inference cases, in order; <paramref name="seconds"/> of alternating blocks of calls each.</summary>
    public static IEnumerable<InferenceRow> Inference(double seconds)
    {
        var device = Device.Cpu();
        var lenet = new LeNet(device, seed: 1);
        var lenetOnnx = lenet.ToOnnx();
        if (Selected("lenet_b1"))
        {
            yield return Compare("lenet_b1", lenet, lenetOnnx, [1, 1, 28, 28], null, seconds);
        }

        if (Selected("lenet_b64"))
        {
            yield return Compare("lenet_b64", lenet, lenetOnnx, [64, 1, 28, 28], null, seconds);
        }

        var vgg = new VggCifarModel(device, seed: 1);
        var vggOnnx = vgg.ToOnnx();
        if (Selected("vgg11_cifar_b1"))
        {
            yield return Compare("vgg11_cifar_b1", vgg, vggOnnx, [1, 3, 32, 32], null, seconds);
        }

        if (Selected("vgg11_cifar_b32"))
        {
            yield return Compare("vgg11_cifar_b32", vgg, vggOnnx, [32, 3, 32, 32], null, seconds);
        }

        // Evaluation folds each BatchNorm into the conv before it, as ORT's graph optimisation does.
        var resnet = new Strata.Zoo.ResNet18Cifar(device, seed: 1);
        var resnetOnnx = resnet.ToOnnx();
        if (Selected("resnet18_cifar_b1"))
        {
            yield return Compare("resnet18_cifar_b1", resnet, resnetOnnx, [1, 3, 32, 32], null, seconds);
        }

        if (Selected("resnet18_cifar_b32"))
        {
            yield return Compare("resnet18_cifar_b32", resnet, resnetOnnx, [32, 3, 32, 32], null, seconds);
        }

        var lstm = new LstmTwoLayerModel(device, seed: 1);
        if (Selected("lstm2x256_t35_b32"))
        {
            yield return Compare("lstm2x256_t35_b32", lstm, lstm.ToOnnx(), [32, 35, 256], 35, seconds);
        }

        if (Selected("bigru2x128_t50_b16"))
        {
            var gru = new BiGruModel(device, seed: 1);
            yield return Compare("bigru2x128_t50_b16", gru, gru.ToOnnx(), [16, 50, 64], 50, seconds);
        }

        if (Selected("encoder4x256_t128_b32"))
        {
            var encoder = new TransformerEncoderModel(device, seed: 1);
            yield return Compare("encoder4x256_t128_b32", encoder, encoder.ToOnnx(), [32, 128, 256], 128, seconds);
        }
    }

    /// <summary>
    /// The VGG-style net's inference at batch 1, 8, 32, 128 and 256 against ORT (<c>--batch-scaling</c>): how the cost
    /// per sample grows with the work.
    /// </summary>
    public static IEnumerable<InferenceRow> BatchScaling(double seconds)
    {
        var vgg = new VggCifarModel(Device.Cpu(), seed: 1);
        var onnx = vgg.ToOnnx();
        foreach (var batch in new[] { 1, 8, 32, 128, 256 })
        {
            yield return Compare($"vgg11_cifar_b{batch}", vgg, onnx, [batch, 3, 32, 32], null, seconds);
        }
    }

    /// <summary>The training cases: LeNet b1 and b64, the VGG-style net and ResNet-18 b32, the LSTM b32, the BiGRU b16.</summary>
    public static IEnumerable<TrainingRow> Training(double seconds)
    {
        var device = Device.Cpu();
        if (Selected("lenet_b1"))
        {
            yield return Train("lenet_b1", new LeNet(device, seed: 1), [1, 1, 28, 28], seconds / 2);
        }

        if (Selected("lenet_b64"))
        {
            yield return Train("lenet_b64", new LeNet(device, seed: 1), [64, 1, 28, 28], seconds);
        }

        if (Selected("vgg11_cifar_b32"))
        {
            yield return Train("vgg11_cifar_b32", new VggCifarModel(device, seed: 1), [32, 3, 32, 32], seconds);
        }

        if (Selected("resnet18_cifar_b32"))
        {
            yield return Train("resnet18_cifar_b32", new Strata.Zoo.ResNet18Cifar(device, seed: 1), [32, 3, 32, 32], seconds);
        }

        if (Selected("lstm2x256_t35_b32"))
        {
            yield return Train("lstm2x256_t35_b32", new LstmTwoLayerModel(device, seed: 1), [32, 35, 256], seconds);
        }

        if (Selected("bigru2x128_t50_b16"))
        {
            yield return Train("bigru2x128_t50_b16", new BiGruModel(device, seed: 1), [16, 50, 64], seconds);
        }
    }

    private static InferenceRow Compare(string name, IModel model, byte[] onnx, int[] inputShape, int? steps, double seconds)
    {
        model.Eval();
        var device = model.Device;
        var input = Values(inputShape.Aggregate(1, (a, d) => a * d), 1);
        using var x = device.FromArray(input, inputShape);
        var lengths = steps is { } t ? Enumerable.Repeat(t, inputShape[0]).ToArray() : null;
        Action strata = lengths is null ? () => model.Forward(x) : () => ((ISequenceModel)model).Forward(x, lengths);
        var outputShape = model.Forward(x).Shape.Select(d => (long)d).ToArray();

        using var options = new SessionOptions
        {
            IntraOpNumThreads = OrtThreads,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(onnx, options);
        using var runOptions = new RunOptions();
        using var ortInput = OrtValue.CreateTensorValueFromMemory(input, inputShape.Select(d => (long)d).ToArray());
        using var ortOutput = OrtValue.CreateTensorValueFromMemory(new float[outputShape.Aggregate(1L, (a, d) => a * d)], outputShape);
        using var ortLengths = lengths is null ? null : OrtValue.CreateTensorValueFromMemory(lengths, [lengths.Length]);
        Action ort = ortLengths is null
            ? () => session.Run(runOptions, ["input"], [ortInput], ["output"], [ortOutput])
            : () => session.Run(runOptions, ["input", "lengths"], [ortInput, ortLengths], ["output"], [ortOutput]);

        var (strataSeconds, ortSeconds) = Alternating(strata, ort, seconds);
        return new InferenceRow(name, strataSeconds, ortSeconds);
    }

    private static TrainingRow Train(string name, IModel model, int[] inputShape, double seconds)
    {
        var device = model.Device;
        var batch = inputShape[0];
        var host = Values(inputShape.Aggregate(1, (a, d) => a * d), 2);
        using var x = device.Allocate(inputShape);
        var optimizer = new Adam(model.Parameters, 1e-4f);
        model.Train();
        Action step;
        long flopsPerStep;
        if (model is ISequenceModel sequenceModel)
        {
            var steps = inputShape[1];
            var outputShape = new[] { batch, steps, model.OutputShape[^1] };
            var target = device.Allocate(outputShape);
            var gradient = device.Allocate(outputShape);
            var loss = new MeanSquaredError();
            flopsPerStep = 3L * ForwardFlops(model) * batch * steps;
            step = () =>
            {
                x.CopyFrom(host);
                var y = sequenceModel.Forward(x, null);
                loss.Compute(y, target, gradient, Reduction.Mean);
                model.Backward(gradient);
                optimizer.Step();
            };
        }
        else
        {
            var labels = Enumerable.Range(0, batch).Select(i => i % model.OutputShape[0]).ToArray();
            var gradient = device.Allocate([batch, .. model.OutputShape]);
            var loss = new SoftmaxCrossEntropy();
            flopsPerStep = 3L * ForwardFlops(model) * batch;
            step = () =>
            {
                x.CopyFrom(host);
                var y = model.Forward(x);
                loss.Compute(y, labels, gradient);
                model.Backward(gradient);
                optimizer.Step();
            };
        }

        Warm(step, 0.5);

        // Sized up front: a list growing while the bytes are counted would be counted as the step's.
        var samples = new List<double>(capacity: 1 << 16);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        while (samples.Count < 5 || total.Elapsed.TotalSeconds < seconds)
        {
            samples.Add(Time(step));
        }

        var bytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / samples.Count;
        var median = Median(samples);
        return new TrainingRow(name, batch, median, flopsPerStep / median / 1e9, bytes);
    }

    /// <summary>
    /// Warms both up, then alternates blocks of calls (Strata's block first on even rounds): each block runs its own
    /// library untimed for <see cref="SettleSeconds"/>, then times single calls for <see cref="BlockSeconds"/>. The
    /// medians of the timed calls.
    /// </summary>
    /// <remarks>
    /// Blocks, not single calls: ORT's pool threads spin for milliseconds after <c>Run</c> returns, so a Strata call
    /// made straight after one shares a core with that spin (ResNet-18 b1 took 0.7 to 3 ms that way, against 0.5–0.6
    /// alone), and each library's data evict the other's from the caches (ORT's own ResNet-18 b1 took 0.52–0.65 ms
    /// call by call, 0.39–0.45 in blocks). The untimed start of each block lets both settle.
    /// </remarks>
    private static (double Strata, double Ort) Alternating(Action strata, Action ort, double seconds)
    {
        Warm(strata, 0.4);
        Warm(ort, 0.4);
        var (strataSamples, ortSamples) = (new List<double>(), new List<double>());
        var total = Stopwatch.StartNew();
        for (var round = 0; round < 3 || total.Elapsed.TotalSeconds < seconds; round++)
        {
            if (round % 2 == 0)
            {
                Block(strata, strataSamples);
                Block(ort, ortSamples);
            }
            else
            {
                Block(ort, ortSamples);
                Block(strata, strataSamples);
            }
        }

        return (Median(strataSamples), Median(ortSamples));
    }

    /// <summary>One block: untimed calls for <see cref="SettleSeconds"/>, then at least 3 timed calls and <see cref="BlockSeconds"/>.</summary>
    private static void Block(Action call, List<double> samples)
    {
        var settle = Stopwatch.GetTimestamp();
        do
        {
            call();
        }
        while (Stopwatch.GetElapsedTime(settle).TotalSeconds < SettleSeconds);

        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < 3 || Stopwatch.GetElapsedTime(start).TotalSeconds < BlockSeconds; i++)
        {
            samples.Add(Time(call));
        }
    }

    private static void Warm(Action call, double seconds)
    {
        // At least the 30 calls after which tiered compilation promotes a method called once per call: until then the
        // glue between the kernels runs unoptimised (the VGG-style net's first 10 training steps took 10–15% longer).
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 30 || clock.Elapsed.TotalSeconds < seconds; i++)
        {
            call();
        }
    }

    /// <summary>Seconds of one call, from timestamps (a Stopwatch object would be counted in the step's bytes).</summary>
    private static double Time(Action call)
    {
        var start = Stopwatch.GetTimestamp();
        call();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>The forward FLOPs per sample (per sample and step for a sequence model) from the model's Summary.</summary>
    private static long ForwardFlops(IModel model)
    {
        var line = model.Summary.Split('\n').Last(l => l.StartsWith("Forward FLOPs", StringComparison.Ordinal));
        return long.Parse(new string(line[(line.IndexOf(':') + 1)..].Where(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.NextSingle() * 2 - 1;
        }

        return values;
    }
}
