namespace Strata.Onnx;

/// <summary>The layers that add or take whole steps of [N, T, d] as ONNX opset 17 nodes.</summary>
public static class StepOnnx
{
    /// <summary>The token <c>name.weight</c> [d] before every sequence: Slice of step 0, times 0, plus the token, Concat on axis 1.</summary>
    public static void ClassToken(OnnxGraph graph, string name, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.AddInitializer(name + ".axis1", [1], new long[] { 1 });
        graph.AddInitializer(name + ".start", [1], new long[] { 0 });
        graph.AddInitializer(name + ".end", [1], new long[] { 1 });
        graph.AddNode("Slice", [input, name + ".start", name + ".end", name + ".axis1"], [name + ".first"]);
        graph.AddInitializer(name + ".nothing", [], [0f]);
        graph.AddNode("Mul", [name + ".first", name + ".nothing"], [name + ".zeros"]);
        graph.AddNode("Add", [name + ".zeros", name + ".weight"], [name + ".tokens"]);
        graph.AddNode("Concat", [name + ".tokens", input], [output], OnnxAttribute.Int("axis", 1));
    }

    /// <summary>x[:, index]: Gather on axis 1 with a scalar index.</summary>
    public static void TakeStep(OnnxGraph graph, string name, int index, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.AddInitializer(name + ".index", [], new long[] { index });
        graph.AddNode("Gather", [input, name + ".index"], [output], OnnxAttribute.Int("axis", 1));
    }

    /// <summary>
    /// The mean over the valid steps: with <paramref name="sequenceLengths"/> (int32 [N]), a 0/1 mask from Range and Less,
    /// Mul, ReduceSum over axis 1 and Div by the lengths; without, ReduceMean over axis 1.
    /// </summary>
    public static void MeanOverSteps(OnnxGraph graph, string name, string input, string output, string? sequenceLengths)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (sequenceLengths is null)
        {
            graph.AddNode("ReduceMean", [input], [output], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
            return;
        }

        PositionOnnx.Steps(graph, name, input);
        graph.AddNode("Range", [name + ".zero", name + ".steps", name + ".one"], [name + ".positions"]);
        graph.AddNode("Cast", [sequenceLengths], [name + ".lengths64"], OnnxAttribute.Int("to", 7));
        graph.AddInitializer(name + ".axis1", [1], new long[] { 1 });
        graph.AddNode("Unsqueeze", [name + ".lengths64", name + ".axis1"], [name + ".lengths_column"]);
        graph.AddNode("Less", [name + ".positions", name + ".lengths_column"], [name + ".valid"]);
        graph.AddNode("Cast", [name + ".valid"], [name + ".mask2"], OnnxAttribute.Int("to", 1));
        graph.AddInitializer(name + ".axis2", [1], new long[] { 2 });
        graph.AddNode("Unsqueeze", [name + ".mask2", name + ".axis2"], [name + ".mask"]);
        graph.AddNode("Mul", [input, name + ".mask"], [name + ".masked"]);
        graph.AddNode("ReduceSum", [name + ".masked", name + ".axis1"], [name + ".sum"], OnnxAttribute.Int("keepdims", 0));
        graph.AddNode("Cast", [name + ".lengths_column"], [name + ".counts"], OnnxAttribute.Int("to", 1));
        graph.AddNode("Div", [name + ".sum", name + ".counts"], [output]);
    }
}
