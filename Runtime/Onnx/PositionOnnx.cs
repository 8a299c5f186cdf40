using Strata.Cpu;

namespace Strata.Onnx;

/// <summary>
/// The position layers as ONNX opset 17 nodes on [N, T, d], for any T: the steps come from the input's Shape, so one
/// graph serves every sequence length.
/// </summary>
public static class PositionOnnx
{
    /// <summary>
    /// x + sin(t·f + φ) with f = 10000^(−2i/d) and φ = 0 for even columns, π/2 for odd ones (sin(a + π/2) = cos a): Range
    /// over the steps, Cast, Unsqueeze, Mul, Add, Sin, Add.
    /// </summary>
    public static void Sinusoidal(OnnxGraph graph, string name, int width, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var frequencies = new float[width];
        var phases = new float[width];
        for (var c = 0; c < width; c++)
        {
            frequencies[c] = (float)PositionalEncodingCpu.Frequency(c, width);
            phases[c] = c % 2 == 0 ? 0f : MathF.PI / 2;
        }

        Steps(graph, name, input);
        graph.AddNode("Range", [name + ".zero", name + ".steps", name + ".one"], [name + ".positions"]);
        graph.AddNode("Cast", [name + ".positions"], [name + ".positions_float"], OnnxAttribute.Int("to", 1));
        graph.AddInitializer(name + ".axis1", [1], new long[] { 1 });
        graph.AddNode("Unsqueeze", [name + ".positions_float", name + ".axis1"], [name + ".column"]);
        graph.AddInitializer(name + ".frequencies", [width], frequencies);
        graph.AddInitializer(name + ".phases", [width], phases);
        graph.AddNode("Mul", [name + ".column", name + ".frequencies"], [name + ".angles"]);
        graph.AddNode("Add", [name + ".angles", name + ".phases"], [name + ".shifted"]);
        graph.AddNode("Sin", [name + ".shifted"], [name + ".table"]);
        graph.AddNode("Add", [input, name + ".table"], [output]);
    }

    /// <summary>x + W[:T]: Slice of the weight initializer <c>name.weight</c> to the input's steps, then Add.</summary>
    public static void Learned(OnnxGraph graph, string name, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Steps(graph, name, input);
        graph.AddInitializer(name + ".axis0", [1], new long[] { 0 });
        graph.AddInitializer(name + ".start", [1], new long[] { 0 });
        graph.AddNode("Unsqueeze", [name + ".steps", name + ".axis0"], [name + ".end"]);
        graph.AddNode("Slice", [name + ".weight", name + ".start", name + ".end", name + ".axis0"], [name + ".table"]);
        graph.AddNode("Add", [input, name + ".table"], [output]);
    }

    /// <summary><c>name.steps</c>: the input's dimension 1 as an int64 scalar, with the scalars <c>name.zero</c> and <c>name.one</c>.</summary>
    internal static void Steps(OnnxGraph graph, string name, string input)
    {
        graph.AddNode("Shape", [input], [name + ".shape"]);
        graph.AddInitializer(name + ".zero", [], new long[] { 0 });
        graph.AddInitializer(name + ".one", [], new long[] { 1 });
        graph.AddNode("Gather", [name + ".shape", name + ".one"], [name + ".steps"], OnnxAttribute.Int("axis", 0));
    }
}
