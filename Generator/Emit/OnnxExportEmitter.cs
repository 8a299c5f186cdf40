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
        private const string OutputName = "output";

        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            if (NoOnnxForm(model) is { } reason)
            {
                var message = model.ClassName + " has no ONNX form: " + reason + ".";
                writer.Line($"/// <summary>Throws <see cref=\"global::System.NotSupportedException\"/>: {Xml(message)}</summary>");
                writer.Line($"public void ExportOnnx(string path) => throw new global::System.NotSupportedException({String(message)});");
                writer.Line();
                writer.Line($"/// <summary>Throws <see cref=\"global::System.NotSupportedException\"/>: {Xml(message)}</summary>");
                writer.Line($"public byte[] ToOnnx() => throw new global::System.NotSupportedException({String(message)});");
                return;
            }

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
                // The weights and buffers are read under the lock Predict reads them under, so a concurrent optimiser
                // step, load or training forward is never half-seen.
                writer.Line("using var read = _guard.BeginRead();");
                writer.Line($"var graph = new {OnnxWriter.Graph}({String(model.ClassName)});");
                foreach (var input in model.Inputs)
                {
                    writer.Line($"graph.AddInput({String(input.Name)}, {OnnxDimensions(input.Shape)});");
                }

                if (model.IsSequence)
                {
                    writer.Line("graph.AddInt32Input(\"lengths\", -1);");
                }

                writer.Line($"graph.AddOutput({String(OutputName)}, {OnnxDimensions(model.Output.Shape)});");
                foreach (var activation in model.Ops.Select(op => op.Activation.Definition).Distinct())
                {
                    activation.OnnxInitializers(writer);
                }

                // The ONNX value that holds each layer's output, after its activation.
                var values = model.Inputs.ToDictionary(x => x.Key, x => x.Name);
                // The flattened view of a value, one Flatten node however many layers read it flat.
                var flat = new Dictionary<string, string>();
                var current = model.Inputs[0].Name;
                for (var i = 0; i < model.Ops.Count; i++)
                {
                    var op = model.Ops[i];
                    var lastNode = i == model.Ops.Count - 1 && !model.Output.Flat;
                    var inputs = op.Inputs
                        .Select(x => !x.Flat ? values[x.Key]
                            : flat.TryGetValue(x.Key, out var view) ? view
                            : flat[x.Key] = Flatten(writer, values[x.Key], values[x.Key] + ".flat"))
                        .ToArray();
                    var activated = !op.Activation.IsNone;
                    var output = lastNode && !activated ? OutputName : op.Layer + ".y";
                    var layer = model.Layers.First(l => l.Name == op.Layer);
                    op.Definition.Onnx(new OnnxWriter(writer, op, layer, inputs, output));
                    current = output;
                    if (activated)
                    {
                        current = lastNode ? OutputName : op.Layer + "." + op.Activation.Kind.ToLowerInvariant();
                        op.Activation.Definition.Onnx(writer, op.Activation, output, current);
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

        /// <summary>Why the model cannot be written as ONNX (a layer without an ONNX form, or a second input), or null when it can.</summary>
        public static string? NoOnnxForm(LoweredModel model)
        {
            foreach (var op in model.Ops)
            {
                if (op.Definition.NoOnnxForm is { } reason)
                {
                    return op.Layer + " is " + reason;
                }
            }

            // A second input without a time axis (the IR allows it; the DSL's [SecondInput] is always a sequence) needs no lengths.
            return model.SecondInput is { Shape.IsSequence: true } second
                ? "the export writes one input and its lengths, and its second input '" + second.Name + "' would need its own lengths input, which the layers' ONNX nodes do not read yet"
                : null;
        }

        /// <summary>An ONNX value's dimensions: −1 for the batch, and for the steps of a sequence unless fixed at build time.</summary>
        private static string OnnxDimensions(Shape shape) => shape.Sequence switch
        {
            SequenceKind.Tokens => "-1, -1",
            SequenceKind.Features => "-1, " + (shape.HasStaticSteps ? Int(shape.Steps) : "-1") + ", " + Dimensions(shape),
            _ => "-1, " + Dimensions(shape),
        };

        private static string Flatten(IndentedWriter writer, string input, string output)
        {
            writer.Line($"graph.AddNode(\"Flatten\", new[] {{ {String(input)} }}, new[] {{ {String(output)} }}, {OnnxWriter.IntAttribute("axis", 1)});");
            return output;
        }
    }
}
