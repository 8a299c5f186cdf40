namespace Strata.Onnx;

/// <summary>
/// ONNX nodes for the layers of sequence models, batch-first in and out like Strata's tensors ([N, T, F]). Generated
/// <c>ExportOnnx</c> methods call these. Recurrent layers become ONNX RNN/LSTM/GRU nodes, which are time-major and
/// order gates differently from PyTorch: LSTM i, o, f, c (PyTorch i, f, g, o), GRU z, r, h with
/// linear_before_reset = 1 (PyTorch r, z, n). Each sequence's valid length reaches the nodes as their sequence_lens
/// input (int32 [N]): steps past it output zeros and leave the state alone, as in Strata's Forward with lengths.
/// </summary>
public static class SequenceOnnx
{
    /// <summary>Token ids (floats) → an Embedding's rows: Cast to int64, then Gather on the weight initializer.</summary>
    public static void Embedding(OnnxGraph graph, string weightName, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.AddNode("Cast", [input], [output + ".ids"], OnnxAttribute.Int("to", 7));
        graph.AddNode("Gather", [weightName, output + ".ids"], [output], OnnxAttribute.Int("axis", 0));
    }

    /// <summary>Token ids (floats) → one-hot rows, as a Gather on an identity initializer named <paramref name="name"/>.</summary>
    public static void OneHot(OnnxGraph graph, string name, int vocab, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var identity = new float[vocab * vocab];
        for (var i = 0; i < vocab; i++)
        {
            identity[i * vocab + i] = 1;
        }

        graph.AddInitializer(name, [vocab, vocab], identity);
        Embedding(graph, name, input, output);
    }

    /// <summary>A dense layer on every step: [N, T, in] · weightᵀ + bias → [N, T, out] (MatMul broadcasts over N and T).</summary>
    public static void TimeDistributedDense(OnnxGraph graph, string weightName, string? biasName, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.AddNode("Transpose", [weightName], [weightName + ".t"], OnnxAttribute.Ints("perm", 1, 0));
        if (biasName is null)
        {
            graph.AddNode("MatMul", [input, weightName + ".t"], [output]);
            return;
        }

        graph.AddNode("MatMul", [input, weightName + ".t"], [output + ".matmul"]);
        graph.AddNode("Add", [output + ".matmul", biasName], [output]);
    }

    /// <summary>
    /// A stacked, optionally bidirectional recurrent layer: [N, T, I] → [N, T, D·H], or with
    /// <paramref name="returnSequences"/> false → [N, D·H] from Y_h (forward: each sequence's last valid step;
    /// reverse: step 0). <paramref name="sequenceLengths"/> names an int32 [N] value of valid lengths fed to every
    /// stacked node, or is null when every sequence is full. <paramref name="name"/> prefixes the initializers and
    /// intermediate values.
    /// </summary>
    public static void Recurrent(
        OnnxGraph graph, string name, RecurrentLayer layer, bool relu, bool returnSequences, string input, string output, string? sequenceLengths)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layer);
        var (opType, gates) = layer switch
        {
            Lstm => ("LSTM", 4),
            Gru => ("GRU", 3),
            _ => ("RNN", 1),
        };
        var hidden = layer.Hidden;
        var directions = layer.Bidirectional ? 2 : 1;
        var rows = gates * hidden;
        graph.AddInitializer(name + ".merge", [3], new long[] { 0, 0, directions * hidden });
        graph.AddNode("Transpose", [input], [name + ".x0"], OnnxAttribute.Ints("perm", 1, 0, 2));
        var current = name + ".x0";
        var finalState = string.Empty;
        for (var l = 0; l < layer.Layers; l++)
        {
            var weights = Enumerable.Range(0, directions).Select(d => layer.Weights(l, d == 1)).ToArray();
            var inputSize = weights[0].WeightIh.Shape[1];
            graph.AddInitializer($"{name}.W_l{l}", [directions, rows, inputSize], weights.SelectMany(w => OnnxGateOrder(opType, w.WeightIh.ToArray(), hidden * inputSize)).ToArray());
            graph.AddInitializer($"{name}.R_l{l}", [directions, rows, hidden], weights.SelectMany(w => OnnxGateOrder(opType, w.WeightHh.ToArray(), hidden * hidden)).ToArray());
            graph.AddInitializer($"{name}.B_l{l}", [directions, 2 * rows],
                weights.SelectMany(w => OnnxGateOrder(opType, w.BiasIh.ToArray(), hidden).Concat(OnnxGateOrder(opType, w.BiasHh.ToArray(), hidden))).ToArray());
            var attributes = new List<OnnxAttribute>
            {
                OnnxAttribute.Int("hidden_size", hidden),
                OnnxAttribute.String("direction", directions == 2 ? "bidirectional" : "forward"),
            };
            if (relu)
            {
                attributes.Add(OnnxAttribute.Strings("activations", Enumerable.Repeat("Relu", directions).ToArray()));
            }

            if (opType == "GRU")
            {
                attributes.Add(OnnxAttribute.Int("linear_before_reset", 1));
            }

            // Y [T, D, N, H] → [T, N, D, H] → [T, N, D·H], the next layer's time-major input.
            finalState = $"{name}.h_l{l}";
            string[] inputs = sequenceLengths is null
                ? [current, $"{name}.W_l{l}", $"{name}.R_l{l}", $"{name}.B_l{l}"]
                : [current, $"{name}.W_l{l}", $"{name}.R_l{l}", $"{name}.B_l{l}", sequenceLengths];
            graph.AddNode(opType, inputs, [$"{name}.y_l{l}", finalState], [.. attributes]);
            graph.AddNode("Transpose", [$"{name}.y_l{l}"], [$"{name}.yt_l{l}"], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
            graph.AddNode("Reshape", [$"{name}.yt_l{l}", name + ".merge"], [$"{name}.x{l + 1}"]);
            current = $"{name}.x{l + 1}";
        }

        if (returnSequences)
        {
            graph.AddNode("Transpose", [current], [output], OnnxAttribute.Ints("perm", 1, 0, 2));
            return;
        }

        // Y_h [D, N, H] → [N, D, H] → [N, D·H].
        graph.AddInitializer(name + ".last", [2], new long[] { 0, directions * hidden });
        graph.AddNode("Transpose", [finalState], [name + ".ht"], OnnxAttribute.Ints("perm", 1, 0, 2));
        graph.AddNode("Reshape", [name + ".ht", name + ".last"], [output]);
    }

    /// <summary>Reorders the H-row gate blocks (each <paramref name="block"/> values) of a PyTorch tensor into ONNX's order.</summary>
    private static IEnumerable<float> OnnxGateOrder(string opType, float[] values, int block)
    {
        int[] pytorchBlockOf = opType switch
        {
            "LSTM" => [0, 3, 1, 2], // ONNX i, o, f, c ← PyTorch i, f, g, o
            "GRU" => [1, 0, 2], // ONNX z, r, h ← PyTorch r, z, n
            _ => [0],
        };
        return pytorchBlockOf.SelectMany(b => values.Skip(b * block).Take(block));
    }
}
