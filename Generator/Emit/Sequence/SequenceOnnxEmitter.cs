using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>
    /// <c>ExportOnnx</c> and <c>ToOnnx</c> of a sequence model (opset 17): dynamic batch and steps, token ids as floats,
    /// one Gather per Embedding or OneHot, one RNN/LSTM/GRU node per stacked layer (see the runtime's SequenceOnnx), and
    /// MatMul + Add for a per-step Dense. A second input, "lengths" (int32 [batch]), is always declared and feeds the
    /// recurrent nodes' sequence_lens, so the graph matches Forward(input, lengths) on the valid steps.
    /// </summary>
    internal static class SequenceOnnxEmitter
    {
        private const string Graph = "global::Strata.Onnx.OnnxGraph";
        private const string Helpers = "global::Strata.Onnx.SequenceOnnx";
        private const string Attribute = "global::Strata.Onnx.OnnxAttribute";

        public static void Emit(IndentedWriter writer, SequenceModel model)
        {
            writer.Line("/// <summary>");
            writer.Line("/// Writes the inference graph as an ONNX model (opset 17) to <paramref name=\"path\"/>, weights included, through a");
            writer.Line("/// temporary file and a rename. The input \"input\" is [batch, steps, ...] with both dynamic; the input \"lengths\"");
            writer.Line("/// (int32 [batch]) gives each sequence's valid length, as Forward's lengths (pass steps for every sequence when none");
            writer.Line("/// is padded). The output is named \"output\"; past a sequence's length its steps are padding.");
            writer.Line("/// </summary>");
            using (writer.Block("public void ExportOnnx(string path)"))
            {
                writer.Line("global::System.ArgumentException.ThrowIfNullOrEmpty(path);");
                writer.Line("BuildOnnxGraph().Save(path);");
            }

            writer.Line();
            writer.Line("/// <summary>The model <see cref=\"ExportOnnx\"/> writes, as bytes.</summary>");
            writer.Line("public byte[] ToOnnx() => BuildOnnxGraph().ToBytes();");
            writer.Line();
            using (writer.Block($"private {Graph} BuildOnnxGraph()"))
            {
                writer.Line($"var graph = new {Graph}({String(model.ClassName)});");
                writer.Line(model.TokenInput
                    ? "graph.AddInput(\"input\", -1, -1);"
                    : $"graph.AddInput(\"input\", -1, -1, {Int(model.Input[0])});");
                writer.Line("graph.AddInt32Input(\"lengths\", -1);");
                writer.Line(model.Output.IsSequence
                    ? $"graph.AddOutput(\"output\", -1, -1, {Int(model.Output[0])});"
                    : $"graph.AddOutput(\"output\", -1, {Int(model.Output[0])});");
                if (model.Ops.Any(op => op.Activation == ActivationKind.Relu6))
                {
                    writer.Line("graph.AddInitializer(\"relu6.min\", global::System.Array.Empty<int>(), new float[] { 0f });");
                    writer.Line("graph.AddInitializer(\"relu6.max\", global::System.Array.Empty<int>(), new float[] { 6f });");
                }

                var current = "input";
                for (var i = 0; i < model.Ops.Count; i++)
                {
                    var op = model.Ops[i];
                    var last = i == model.Ops.Count - 1;
                    var output = last && op.Activation == ActivationKind.Identity ? "output" : op.Layer + ".y";
                    switch (op.Kind)
                    {
                        case SequenceOpKind.Embedding:
                            AddParameters(writer, model, op);
                            writer.Line($"{Helpers}.Embedding(graph, {String(op.Layer + ".weight")}, {String(current)}, {String(output)});");
                            break;
                        case SequenceOpKind.OneHot:
                            writer.Line($"{Helpers}.OneHot(graph, {String(op.Layer + ".identity")}, {Int(op.InputSize)}, {String(current)}, {String(output)});");
                            break;
                        case SequenceOpKind.Recurrent:
                            writer.Line(
                                $"{Helpers}.Recurrent(graph, {String(op.Layer)}, {op.Field}, {(op.RnnRelu ? "true" : "false")}, " +
                                $"{(op.OutputPerStep ? "true" : "false")}, {String(current)}, {String(output)}, \"lengths\");");
                            break;
                        default:
                            AddParameters(writer, model, op);
                            var bias = op.HasBias ? String(op.Layer + ".bias") : "null";
                            if (op.InputPerStep)
                            {
                                writer.Line($"{Helpers}.TimeDistributedDense(graph, {String(op.Layer + ".weight")}, {bias}, {String(current)}, {String(output)});");
                            }
                            else
                            {
                                var inputs = op.HasBias
                                    ? $"{String(current)}, {String(op.Layer + ".weight")}, {String(op.Layer + ".bias")}"
                                    : $"{String(current)}, {String(op.Layer + ".weight")}";
                                writer.Line($"graph.AddNode(\"Gemm\", new[] {{ {inputs} }}, new[] {{ {String(output)} }}, {Attribute}.Int(\"transB\", 1));");
                            }

                            break;
                    }

                    current = output;
                    if (op.Activation != ActivationKind.Identity)
                    {
                        var activated = last ? "output" : op.Layer + ".act";
                        var (opType, extra) = op.Activation switch
                        {
                            ActivationKind.Relu => ("Relu", string.Empty),
                            ActivationKind.Sigmoid => ("Sigmoid", string.Empty),
                            ActivationKind.Tanh => ("Tanh", string.Empty),
                            _ => ("Clip", ", \"relu6.min\", \"relu6.max\""),
                        };
                        writer.Line($"graph.AddNode({String(opType)}, new[] {{ {String(current)}{extra} }}, new[] {{ {String(activated)} }});");
                        current = activated;
                    }
                }

                writer.Line("return graph;");
            }
        }

        private static void AddParameters(IndentedWriter writer, SequenceModel model, SequenceOp op)
        {
            foreach (var parameter in model.Layers.First(layer => layer.Name == op.Layer).Parameters)
            {
                writer.Line($"graph.AddInitializer({String(parameter.Name)}, {parameter.Field}.Shape, {parameter.Field}.Value.ToArray());");
            }
        }
    }
}
