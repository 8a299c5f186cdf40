using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// <c>ExportOnnx</c>, <c>ToOnnx</c> and the graph they write (opset 17): the model's inputs and output, then each
    /// operation's nodes as its definition writes them, a Flatten node where an operation reads a flattening view, and
    /// a node per fused activation. The graph's last node writes "output".
    /// </summary>
    internal static class OnnxExportEmitter
    {
        private const string InputName = "input";
        private const string OutputName = "output";

        // Clip's bounds are inputs since opset 11; the scalars are shared by every ReLU6 node.
        private const string Relu6Min = "relu6.min";
        private const string Relu6Max = "relu6.max";

        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            writer.Line("/// <summary>");
            writer.Line("/// Writes the inference graph as an ONNX model (opset 17) to <paramref name=\"path\"/>, weights included, through a");
            if (model.IsSequence)
            {
                writer.Line("/// temporary file and a rename. The input \"input\" is [batch, steps, ...] with both dynamic; the input \"lengths\"");
                writer.Line("/// (int32 [batch]) gives each sequence's valid length, as Forward's lengths (pass steps for every sequence when none");
                writer.Line("/// is padded). The output is named \"output\"; past a sequence's length its steps are padding.");
            }
            else
            {
                writer.Line("/// temporary file and a rename; a missing directory is created. The input is named \"input\" and the output \"output\".");
            }

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
            using (writer.Block($"private {OnnxWriter.Graph} BuildOnnxGraph()"))
            {
                writer.Line($"var graph = new {OnnxWriter.Graph}({String(model.ClassName)});");
                writer.Line($"graph.AddInput({String(InputName)}, {OnnxDimensions(model.Input)});");
                if (model.IsSequence)
                {
                    writer.Line("graph.AddInt32Input(\"lengths\", -1);");
                }

                writer.Line($"graph.AddOutput({String(OutputName)}, {OnnxDimensions(model.Output.Shape)});");
                if (model.Ops.Any(op => op.Activation == ActivationKind.Relu6))
                {
                    writer.Line($"graph.AddInitializer({String(Relu6Min)}, global::System.Array.Empty<int>(), new float[] {{ 0f }});");
                    writer.Line($"graph.AddInitializer({String(Relu6Max)}, global::System.Array.Empty<int>(), new float[] {{ 6f }});");
                }

                // The ONNX value that holds each layer's output, after its activation.
                var values = new Dictionary<string, string> { [string.Empty] = InputName };
                var current = InputName;
                for (var i = 0; i < model.Ops.Count; i++)
                {
                    var op = model.Ops[i];
                    var lastNode = i == model.Ops.Count - 1 && !model.Output.Flat;
                    var inputs = op.Inputs
                        .Select((x, n) => x.Flat ? Flatten(writer, values[x.Producer ?? string.Empty], op.Layer + ".flat" + (n == 0 ? string.Empty : Int(n))) : values[x.Producer ?? string.Empty])
                        .ToArray();
                    var activated = op.Activation != ActivationKind.Identity || op.NegativeSlope is not null;
                    var output = lastNode && !activated ? OutputName : op.Layer + ".y";
                    var layer = model.Layers.First(l => l.Name == op.Layer);
                    op.Definition.Onnx(new OnnxWriter(writer, op, layer, inputs, output));
                    current = output;
                    if (activated)
                    {
                        var name = op.NegativeSlope is null ? op.Activation.ToString() : nameof(ActivationKind.LeakyRelu);
                        current = Activation(writer, op, current, lastNode ? OutputName : op.Layer + "." + name.ToLowerInvariant());
                    }

                    values[op.Layer] = current;
                }

                if (model.Output.Flat)
                {
                    Flatten(writer, current, OutputName);
                }

                writer.Line("return graph;");
            }
        }

        /// <summary>An ONNX value's dimensions: −1 for the batch, and for the steps of a sequence.</summary>
        private static string OnnxDimensions(Shape shape) => shape.Sequence switch
        {
            SequenceKind.Tokens => "-1, -1",
            SequenceKind.Features => "-1, -1, " + Dimensions(shape),
            _ => "-1, " + Dimensions(shape),
        };

        private static string Flatten(IndentedWriter writer, string input, string output)
        {
            writer.Line($"graph.AddNode(\"Flatten\", new[] {{ {String(input)} }}, new[] {{ {String(output)} }}, {OnnxWriter.IntAttribute("axis", 1)});");
            return output;
        }

        private static string Activation(IndentedWriter writer, Op op, string input, string output)
        {
            if (op.NegativeSlope is { } slope)
            {
                writer.Line($"graph.AddNode(\"LeakyRelu\", new[] {{ {String(input)} }}, new[] {{ {String(output)} }}, {OnnxWriter.Attribute}.Float(\"alpha\", {Float(slope)}));");
                return output;
            }

            var (opType, inputs) = op.Activation switch
            {
                ActivationKind.Relu => ("Relu", new[] { input }),
                ActivationKind.Sigmoid => ("Sigmoid", new[] { input }),
                ActivationKind.Tanh => ("Tanh", new[] { input }),
                ActivationKind.Relu6 => ("Clip", new[] { input, Relu6Min, Relu6Max }),
                _ => throw new System.NotSupportedException($"no ONNX node is written for the activation {op.Activation} of '{op.Layer}'"),
            };
            writer.Line($"graph.AddNode({String(opType)}, new[] {{ {string.Join(", ", inputs.Select(String))} }}, new[] {{ {String(output)} }});");
            return output;
        }
    }
}
