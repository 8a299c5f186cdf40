namespace Strata.Onnx;

/// <summary>
/// Multi-head self-attention as ONNX opset 17 nodes, batch-first ([N, T, d] in and out), for the generated
/// <c>ExportOnnx</c> of a <c>[MultiHeadAttention]</c> layer: the packed input projection (MatMul, Add), Reshape to
/// [N, T, 3, heads, headSize] and Transpose to [3, N, heads, T, headSize], Gather of q, k and v, the scores
/// MatMul(q, kᵀ) · 1/√headSize, an additive key-padding mask from the lengths input (−1e9 on keys at or past a
/// sequence's length, via Range, Less and Where), Softmax over the keys, MatMul with v, Transpose and Reshape back to
/// [N, T, d], and the output projection.
/// </summary>
public static class AttentionOnnx
{
    /// <summary>
    /// The layer named <paramref name="name"/> (its initializers are <c>name.in_proj_weight</c> and so on) from
    /// <paramref name="input"/> to <paramref name="output"/>; <paramref name="sequenceLengths"/> names the int32 [N]
    /// lengths input, or is null when every sequence is full.
    /// </summary>
    public static void SelfAttention(OnnxGraph graph, string name, int width, int heads, string input, string output, string? sequenceLengths) =>
        Attention(graph, name, width, heads, input, input, output, sequenceLengths);

    /// <summary>
    /// Cross-attention (<c>[MultiHeadAttention(heads, KeysFrom = …)]</c>): queries from <paramref name="queries"/> [N, Tq, d],
    /// keys and values from <paramref name="keys"/> [N, Tk, d], both projected by the packed <c>name.in_proj_weight</c>
    /// (q from the first, k and v from the second), keys at or past <paramref name="keyLengths"/> masked; the output is
    /// [N, Tq, d].
    /// </summary>
    public static void CrossAttention(OnnxGraph graph, string name, int width, int heads, string queries, string keys, string output, string? keyLengths) =>
        Attention(graph, name, width, heads, queries, keys, output, keyLengths);

    private static void Attention(OnnxGraph graph, string name, int width, int heads, string input, string keys, string output, string? sequenceLengths)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var headSize = width / heads;
        graph.AddInitializer(name + ".split_shape", [5], new long[] { 0, 0, 3, heads, headSize });
        string[] parts = ["q", "k", "v"];
        for (var i = 0; i < 3; i++)
        {
            graph.AddInitializer($"{name}.index_{parts[i]}", [], new long[] { i });
        }

        // [N, T, 3d] → [3, N, heads, T, headSize] for each input projected; q from the queries', k and v from the keys'.
        string[] projected = input == keys ? ["qkv"] : ["qkv", "key_qkv"];
        foreach (var side in projected)
        {
            if (side == "qkv")
            {
                SequenceOnnx.TimeDistributedDense(graph, name + ".in_proj_weight", name + ".in_proj_bias", input, $"{name}.{side}");
            }
            else
            {
                // The keys' side reuses the transposed weight the queries' projection made.
                graph.AddNode("MatMul", [keys, name + ".in_proj_weight.t"], [$"{name}.{side}.matmul"]);
                graph.AddNode("Add", [$"{name}.{side}.matmul", name + ".in_proj_bias"], [$"{name}.{side}"]);
            }

            graph.AddNode("Reshape", [$"{name}.{side}", name + ".split_shape"], [$"{name}.{side}5"]);
            graph.AddNode("Transpose", [$"{name}.{side}5"], [$"{name}.{side}_heads"], OnnxAttribute.Ints("perm", 2, 0, 3, 1, 4));
        }

        for (var i = 0; i < 3; i++)
        {
            var from = i == 0 ? projected[0] : projected[projected.Length - 1];
            graph.AddNode("Gather", [$"{name}.{from}_heads", $"{name}.index_{parts[i]}"], [$"{name}.{parts[i]}"], OnnxAttribute.Int("axis", 0));
        }

        graph.AddNode("Transpose", [name + ".k"], [name + ".kt"], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        graph.AddNode("MatMul", [name + ".q", name + ".kt"], [name + ".dots"]);
        graph.AddInitializer(name + ".scale", [], [1f / MathF.Sqrt(headSize)]);
        graph.AddNode("Mul", [name + ".dots", name + ".scale"], [name + ".scores"]);
        var scores = name + ".scores";
        if (sequenceLengths is not null)
        {
            graph.AddNode("Shape", [keys], [name + ".input_shape"]);
            graph.AddInitializer(name + ".one", [], new long[] { 1 });
            graph.AddInitializer(name + ".zero", [], new long[] { 0 });
            graph.AddNode("Gather", [name + ".input_shape", name + ".one"], [name + ".steps"], OnnxAttribute.Int("axis", 0));
            graph.AddNode("Range", [name + ".zero", name + ".steps", name + ".one"], [name + ".positions"]);
            graph.AddNode("Cast", [sequenceLengths], [name + ".lengths64"], OnnxAttribute.Int("to", 7));
            graph.AddInitializer(name + ".axis1", [1], new long[] { 1 });
            graph.AddNode("Unsqueeze", [name + ".lengths64", name + ".axis1"], [name + ".lengths_column"]);
            graph.AddNode("Less", [name + ".positions", name + ".lengths_column"], [name + ".valid"]);
            graph.AddInitializer(name + ".keep", [], [0f]);
            graph.AddInitializer(name + ".drop", [], [-1e9f]);
            graph.AddNode("Where", [name + ".valid", name + ".keep", name + ".drop"], [name + ".mask2"]);
            graph.AddInitializer(name + ".axes12", [2], new long[] { 1, 2 });
            graph.AddNode("Unsqueeze", [name + ".mask2", name + ".axes12"], [name + ".mask"]);
            graph.AddNode("Add", [name + ".scores", name + ".mask"], [name + ".masked"]);
            scores = name + ".masked";
        }

        graph.AddNode("Softmax", [scores], [name + ".weights"], OnnxAttribute.Int("axis", -1));
        graph.AddNode("MatMul", [name + ".weights", name + ".v"], [name + ".context_heads"]);
        graph.AddNode("Transpose", [name + ".context_heads"], [name + ".context_steps"], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        graph.AddInitializer(name + ".merge_shape", [3], new long[] { 0, 0, width });
        graph.AddNode("Reshape", [name + ".context_steps", name + ".merge_shape"], [name + ".context"]);
        SequenceOnnx.TimeDistributedDense(graph, name + ".out_proj.weight", name + ".out_proj.bias", name + ".context", output);
    }
}
