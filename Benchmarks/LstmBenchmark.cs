using Strata.Cpu;
using Strata.Onnx;

namespace Strata.Benchmarks;

/// <summary>
/// A 2-layer LSTM forward pass (input 256, hidden 256, batch 32, 35 steps, inference: no saved state) in Strata's CPU
/// kernels against ONNX Runtime's LSTM with the same weights as initializers. ONNX is time-major, so its input is
/// the same data transposed; the outputs are compared before timing.
/// </summary>
internal static class LstmBenchmark
{
    private const int Layers = 2, Input = 256, Hidden = 256, Batch = 32, Steps = 35, Gates = 4;

    public static BenchmarkRow Run()
    {
        var device = Device.Cpu();
        var random = new Random(3);
        var bound = 1 / MathF.Sqrt(Hidden);
        var x = device.FromArray(RandomValues(Batch * Steps * Input, random, 1), Batch, Steps, Input);
        var weights = new RecurrentWeights[Layers];
        for (var l = 0; l < Layers; l++)
        {
            var inputSize = l == 0 ? Input : Hidden;
            weights[l] = new RecurrentWeights(
                device.FromArray(RandomValues(Gates * Hidden * inputSize, random, bound), Gates * Hidden, inputSize),
                device.FromArray(RandomValues(Gates * Hidden * Hidden, random, bound), Gates * Hidden, Hidden),
                device.FromArray(RandomValues(Gates * Hidden, random, bound), Gates * Hidden),
                device.FromArray(RandomValues(Gates * Hidden, random, bound), Gates * Hidden));
        }

        var hiddenStates = new[] { device.Allocate(Batch, Steps, Hidden), device.Allocate(Batch, Steps, Hidden) };
        var workspace = new CpuWorkspace();
        void Strata()
        {
            var input = x;
            for (var l = 0; l < Layers; l++)
            {
                var geometry = new RecurrentGeometry(Batch, Steps, l == 0 ? Input : Hidden, Hidden);
                LstmCpu.Forward(geometry, input, weights[l], hiddenStates[l], null, workspace);
                input = hiddenStates[l];
            }
        }

        var ortOutput = new float[Steps * Batch * Hidden];
        using var ort = new OrtSession(Graph(weights), TimeMajor(x.ToArray(), Input), [Steps, Batch, Input], ortOutput, [Steps, 1, Batch, Hidden]);
        Strata();
        ort.Run();
        CheckAgreement(hiddenStates[Layers - 1].ToArray(), TimeMajorToBatchFirst(ortOutput));

        var flops = 0.0;
        for (var l = 0; l < Layers; l++)
        {
            flops += 2.0 * Batch * Steps * Gates * Hidden * ((l == 0 ? Input : Hidden) + Hidden);
        }

        return new BenchmarkRow($"LSTM 2×256, in 256, b{Batch}, T{Steps} fwd", flops, Stopwatches.MedianSeconds(Strata), Stopwatches.MedianSeconds(ort.Run));
    }

    private static OnnxGraph Graph(RecurrentWeights[] weights)
    {
        // ONNX gate order i, o, f, c from PyTorch's i, f, g, o.
        int[] pytorchBlockOf = [0, 3, 1, 2];
        float[] Reorder(Tensor t, int columns) =>
            pytorchBlockOf.SelectMany(b => t.ToArray().Skip(b * Hidden * columns).Take(Hidden * columns)).ToArray();

        var graph = new OnnxGraph("lstm");
        graph.AddInput("x", Steps, Batch, Input);
        graph.AddOutput("y", Steps, 1, Batch, Hidden);
        graph.AddInitializer("axes", [1], new long[] { 1 });
        var input = "x";
        for (var l = 0; l < Layers; l++)
        {
            var w = weights[l];
            var inputSize = l == 0 ? Input : Hidden;
            graph.AddInitializer($"W{l}", [1, Gates * Hidden, inputSize], Reorder(w.WeightIh, inputSize));
            graph.AddInitializer($"R{l}", [1, Gates * Hidden, Hidden], Reorder(w.WeightHh, Hidden));
            graph.AddInitializer($"B{l}", [1, 2 * Gates * Hidden], [.. Reorder(w.BiasIh, 1), .. Reorder(w.BiasHh, 1)]);
            var output = l == Layers - 1 ? "y" : $"Y{l}";
            graph.AddNode("LSTM", [input, $"W{l}", $"R{l}", $"B{l}"], [output], OnnxAttribute.Int("hidden_size", Hidden));
            if (l < Layers - 1)
            {
                graph.AddNode("Squeeze", [output, "axes"], [$"S{l}"]);
                input = $"S{l}";
            }
        }

        return graph;
    }

    private static void CheckAgreement(float[] strata, float[] onnx)
    {
        for (var i = 0; i < strata.Length; i++)
        {
            if (!(Math.Abs(strata[i] - onnx[i]) <= 1e-4 * Math.Max(1, Math.Abs(onnx[i]))))
            {
                throw new InvalidOperationException($"LSTM benchmark: Strata and ONNX Runtime disagree at {i}: {strata[i]} vs {onnx[i]}.");
            }
        }
    }

    private static float[] TimeMajor(float[] batchFirst, int width)
    {
        var result = new float[batchFirst.Length];
        for (var n = 0; n < Batch; n++)
        {
            for (var t = 0; t < Steps; t++)
            {
                Array.Copy(batchFirst, (n * Steps + t) * width, result, (t * Batch + n) * width, width);
            }
        }

        return result;
    }

    private static float[] TimeMajorToBatchFirst(float[] timeMajor)
    {
        var result = new float[timeMajor.Length];
        for (var n = 0; n < Batch; n++)
        {
            for (var t = 0; t < Steps; t++)
            {
                Array.Copy(timeMajor, (t * Batch + n) * Hidden, result, (n * Steps + t) * Hidden, Hidden);
            }
        }

        return result;
    }

    private static float[] RandomValues(int count, Random random, float bound)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1) * bound;
        }

        return values;
    }
}
