using Microsoft.ML.OnnxRuntime;
using Strata.Cpu;
using Strata.Onnx;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// Stacked, optionally bidirectional recurrent layers in Strata against ONNX Runtime's RNN/LSTM/GRU nodes on the same
/// weights. ONNX is time-major, packs directions as W [D, G·H, I], R [D, G·H, H], B [D, 2·G·H], orders LSTM gates
/// i, o, f, c and GRU gates z, r, h (PyTorch: i, f, g, o and r, z, n), and matches PyTorch's GRU only with
/// linear_before_reset = 1.
/// </summary>
internal static class RecurrentOnnxChecks
{
    public static void AgreeWithOnnxRuntime(RecurrentKind kind, int seed, int layers, bool bidirectional)
    {
        const int batch = 3, steps = 5, inputSize = 4, hidden = 6;
        var directions = bidirectional ? 2 : 1;
        var stack = new RecurrentProblem[layers][];
        for (var l = 0; l < layers; l++)
        {
            stack[l] = new RecurrentProblem[directions];
            for (var d = 0; d < directions; d++)
            {
                stack[l][d] = RecurrentProblem.Create(
                    kind, seed + 10 * l + d, batch, steps, l == 0 ? inputSize : directions * hidden, hidden,
                    initialState: true, reverse: d == 1);
            }
        }

        var x = stack[0][0].X;
        var (strataY, strataH, strataC) = RunStrata(kind, stack, x);
        var (onnxY, onnxH, onnxC) = RunOnnx(kind, stack, x);

        var context = $"{kind} seed {seed}, {layers} layer(s), {(bidirectional ? "bidirectional" : "forward")}";
        Closeness.AssertClose(onnxY.ToDouble(), strataY, Closeness.ForwardTolerance, what: $"{context}: y");
        Closeness.AssertClose(onnxH.ToDouble(), strataH, Closeness.ForwardTolerance, what: $"{context}: hN");
        if (kind == RecurrentKind.Lstm)
        {
            Closeness.AssertClose(onnxC.ToDouble(), strataC, Closeness.ForwardTolerance, what: $"{context}: cN");
        }
    }

    /// <summary>Strata: each direction writes its half of y [N, T, D·H]; returns the last layer's y and its hN, cN [D, N, H].</summary>
    private static (float[] Y, float[] HN, float[] CN) RunStrata(RecurrentKind kind, RecurrentProblem[][] stack, float[] x)
    {
        var device = Device.Cpu();
        var workspace = new CpuWorkspace();
        var (g0, directions) = (stack[0][0].Geometry, stack[0].Length);
        var width = directions * g0.Hidden;
        var input = device.FromArray(x, g0.Batch, g0.Steps, g0.InputSize);
        float[] hN = [], cN = [];
        foreach (var layer in stack)
        {
            var y = device.Allocate(g0.Batch, g0.Steps, width);
            (hN, cN) = (new float[directions * g0.Batch * g0.Hidden], new float[directions * g0.Batch * g0.Hidden]);
            for (var d = 0; d < directions; d++)
            {
                var problem = layer[d];
                var g = problem.Geometry;
                var h = device.Allocate(g.Batch, g.Hidden);
                var c = device.Allocate(g.Batch, g.Hidden);
                var isLstm = kind == RecurrentKind.Lstm;
                RecurrentCpuDispatch.Forward(
                    kind, g, input, problem.Weights(device), y, null, workspace, problem.Options(width, d * g.Hidden),
                    RecurrentCpuChecks.State(device, problem.H0, g), RecurrentCpuChecks.State(device, problem.C0, g),
                    h, isLstm ? c : null);
                h.Span.CopyTo(hN.AsSpan(d * h.Length));
                c.Span.CopyTo(cN.AsSpan(d * c.Length));
            }

            input = y;
        }

        return (input.ToArray(), hN, cN);
    }

    /// <summary>ONNX Runtime: one node per layer, then Transpose + Reshape from [T, D, N, H] to [T, N, D·H].</summary>
    private static (float[] Y, float[] HN, float[] CN) RunOnnx(RecurrentKind kind, RecurrentProblem[][] stack, float[] x)
    {
        var g0 = stack[0][0].Geometry;
        var (n, t, hidden, directions) = (g0.Batch, g0.Steps, g0.Hidden, stack[0].Length);
        var isLstm = kind == RecurrentKind.Lstm;
        var graph = new OnnxGraph("recurrent");
        graph.AddInput("x", t, n, g0.InputSize);
        graph.AddInitializer("shape", [3], new long[] { t, n, directions * hidden });
        var input = "x";
        for (var l = 0; l < stack.Length; l++)
        {
            var layer = stack[l];
            var inputSize = layer[0].Geometry.InputSize;
            var rows = kind.Gates() * hidden;
            graph.AddInitializer($"W{l}", [directions, rows, inputSize], layer.SelectMany(p => OnnxGateOrder(kind, p.Wih, hidden, inputSize)).ToArray());
            graph.AddInitializer($"R{l}", [directions, rows, hidden], layer.SelectMany(p => OnnxGateOrder(kind, p.Whh, hidden, hidden)).ToArray());
            graph.AddInitializer($"B{l}", [directions, 2 * rows],
                layer.SelectMany(p => OnnxGateOrder(kind, p.Bih, hidden, 1).Concat(OnnxGateOrder(kind, p.Bhh, hidden, 1))).ToArray());
            graph.AddInitializer($"h0_{l}", [directions, n, hidden], layer.SelectMany(p => p.H0!).ToArray());
            var inputs = new List<string> { input, $"W{l}", $"R{l}", $"B{l}", "", $"h0_{l}" };
            var outputs = new List<string> { $"Y{l}", $"Yh{l}" };
            if (isLstm)
            {
                graph.AddInitializer($"c0_{l}", [directions, n, hidden], layer.SelectMany(p => p.C0!).ToArray());
                inputs.Add($"c0_{l}");
                outputs.Add($"Yc{l}");
            }

            var attributes = new List<OnnxAttribute>
            {
                OnnxAttribute.Int("hidden_size", hidden),
                OnnxAttribute.String("direction", directions == 2 ? "bidirectional" : "forward"),
            };
            if (kind == RecurrentKind.RnnRelu)
            {
                attributes.Add(OnnxAttribute.Strings("activations", Enumerable.Repeat("Relu", directions).ToArray()));
            }

            if (kind == RecurrentKind.Gru)
            {
                attributes.Add(OnnxAttribute.Int("linear_before_reset", 1));
            }

            graph.AddNode(kind switch { RecurrentKind.Lstm => "LSTM", RecurrentKind.Gru => "GRU", _ => "RNN" }, [.. inputs], [.. outputs], [.. attributes]);
            graph.AddNode("Transpose", [$"Y{l}"], [$"Yt{l}"], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
            graph.AddNode("Reshape", [$"Yt{l}", "shape"], [$"out{l}"]);
            input = $"out{l}";
        }

        var last = stack.Length - 1;
        graph.AddOutput(input, t, n, directions * hidden);
        graph.AddOutput($"Yh{last}", directions, n, hidden);
        var outputNames = new List<string> { input, $"Yh{last}" };
        if (isLstm)
        {
            graph.AddOutput($"Yc{last}", directions, n, hidden);
            outputNames.Add($"Yc{last}");
        }

        using var session = new InferenceSession(graph.ToBytes());
        using var xValue = OrtValue.CreateTensorValueFromMemory(TimeMajor(x, n, t, g0.InputSize), [t, n, g0.InputSize]);
        using var results = session.Run(new RunOptions(), ["x"], [xValue], outputNames);
        var y = BatchFirst(results[0].GetTensorDataAsSpan<float>().ToArray(), n, t, directions * hidden);
        var hN = results[1].GetTensorDataAsSpan<float>().ToArray();
        var cN = isLstm ? results[2].GetTensorDataAsSpan<float>().ToArray() : [];
        return (y, hN, cN);
    }

    /// <summary>Reorders the H-row gate blocks of a PyTorch matrix (or bias, with columns 1) into ONNX's order.</summary>
    private static IEnumerable<float> OnnxGateOrder(RecurrentKind kind, float[] values, int hidden, int columns)
    {
        int[] pytorchBlockOf = kind switch
        {
            RecurrentKind.Lstm => [0, 3, 1, 2], // ONNX i, o, f, c ← PyTorch i, f, g, o
            RecurrentKind.Gru => [1, 0, 2], // ONNX z, r, h ← PyTorch r, z, n
            _ => [0],
        };
        var block = hidden * columns;
        return pytorchBlockOf.SelectMany(b => values.Skip(b * block).Take(block));
    }

    private static float[] TimeMajor(float[] batchFirst, int n, int t, int width)
    {
        var result = new float[batchFirst.Length];
        for (var sequence = 0; sequence < n; sequence++)
        {
            for (var time = 0; time < t; time++)
            {
                Array.Copy(batchFirst, (sequence * t + time) * width, result, (time * n + sequence) * width, width);
            }
        }

        return result;
    }

    private static float[] BatchFirst(float[] timeMajor, int n, int t, int width)
    {
        var result = new float[timeMajor.Length];
        for (var sequence = 0; sequence < n; sequence++)
        {
            for (var time = 0; time < t; time++)
            {
                Array.Copy(timeMajor, (time * n + sequence) * width, result, (sequence * t + time) * width, width);
            }
        }

        return result;
    }
}
