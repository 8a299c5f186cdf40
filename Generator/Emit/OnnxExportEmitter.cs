using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// Emits <c>ExportOnnx</c> and <c>ToOnnx</c>: the inference graph as a standard ONNX model (opset 17) with a dynamic
    /// batch, the weights as initializers under their state_dict names, one node per layer and one per activation.
    /// The graph is built at run time from the current parameter values, copied to the host when they live on a GPU.
    /// </summary>
    internal static class OnnxExportEmitter
    {
        private const string Graph = "global::Strata.Onnx.OnnxGraph";
        private const string Attribute = "global::Strata.Onnx.OnnxAttribute";
        private const string InputName = "input";
        private const string OutputName = "output";
        private const string FlattenAxis = Attribute + ".Int(\"axis\", 1)";

        // Clip's bounds are inputs since opset 11; the scalars are shared by every ReLU6 node.
        private const string Relu6Min = "relu6.min";
        private const string Relu6Max = "relu6.max";

        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            writer.Line("/// <summary>");
            writer.Line("/// Writes the inference graph as an ONNX model (opset 17) to <paramref name=\"path\"/>, weights included, through a");
            writer.Line("/// temporary file and a rename; a missing directory is created. The input is named \"input\" and the output \"output\".");
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
                writer.Line($"graph.AddInput({String(InputName)}, -1, {Dimensions(model.Input)});");
                writer.Line($"graph.AddOutput({String(OutputName)}, -1, {Dimensions(model.Output.Shape)});");
                foreach (var parameter in model.Layers.SelectMany(layer => layer.Parameters))
                {
                    writer.Line($"graph.AddInitializer({String(parameter.Name)}, {parameter.Field}.Shape, {parameter.Field}.Value.ToArray());");
                }

                if (model.Ops.Any(op => op.Activation == ActivationKind.Relu6))
                {
                    writer.Line($"graph.AddInitializer({String(Relu6Min)}, global::System.Array.Empty<int>(), new float[] {{ 0f }});");
                    writer.Line($"graph.AddInitializer({String(Relu6Max)}, global::System.Array.Empty<int>(), new float[] {{ 6f }});");
                }

                var nodes = Nodes(model);
                for (var i = 0; i < nodes.Count; i++)
                {
                    var node = nodes[i];
                    var output = i == nodes.Count - 1 ? OutputName : node.Output;
                    var inputs = string.Join(", ", node.Inputs.Select(String));
                    var attributes = string.Concat(node.Attributes.Select(a => ", " + a));
                    writer.Line($"graph.AddNode({String(node.OpType)}, new[] {{ {inputs} }}, new[] {{ {String(output)} }}{attributes});");
                }

                writer.Line("return graph;");
            }
        }

        /// <summary>The nodes in forward order; each reads the previous one's output.</summary>
        private static List<Node> Nodes(LoweredModel model)
        {
            var nodes = new List<Node>();
            var current = InputName;
            foreach (var op in model.Ops)
            {
                if (op.X.Flat)
                {
                    current = Add(nodes, new Node("Flatten", new[] { current }, op.Layer + ".flat", new[] { FlattenAxis }));
                }

                current = Add(nodes, LayerNode(op, current));
                if (op.Activation != ActivationKind.Identity)
                {
                    current = Add(nodes, ActivationNode(op, current));
                }
            }

            if (model.Output.Flat)
            {
                Add(nodes, new Node("Flatten", new[] { current }, OutputName, new[] { FlattenAxis }));
            }

            return nodes;
        }

        private static Node LayerNode(FusedOp op, string input)
        {
            var output = op.Layer + ".y";
            var window = new[]
            {
                Ints("kernel_shape", op.KernelHeight, op.KernelWidth),
                Ints("strides", op.Stride, op.Stride),
                Ints("pads", op.Pad, op.Pad, op.Pad, op.Pad),
            };
            switch (op.Kind)
            {
                case LayerKind.Conv:
                    return new Node("Conv", WithParameters(op, input), output, window);
                case LayerKind.MaxPool:
                    return new Node("MaxPool", new[] { input }, output, window);
                case LayerKind.Dropout:
                    // The export is the inference graph, where dropout is the identity.
                    return new Node("Identity", new[] { input }, output, new string[0]);
                case LayerKind.AvgPool:
                    var countIncludePad = $"{Attribute}.Int(\"count_include_pad\", {(op.CountIncludePad ? 1 : 0)})";
                    return new Node("AveragePool", new[] { input }, output, window.Concat(new[] { countIncludePad }).ToArray());
                case LayerKind.Dense:
                    return new Node("Gemm", WithParameters(op, input), output, new[] { $"{Attribute}.Int(\"transB\", 1)" });
                default:
                    throw new System.NotSupportedException($"no ONNX node is written for layer kind '{op.Kind}' of '{op.Layer}'");
            }
        }

        private static Node ActivationNode(FusedOp op, string input)
        {
            switch (op.Activation)
            {
                case ActivationKind.Relu:
                    return new Node("Relu", new[] { input }, op.Layer + ".relu", new string[0]);
                case ActivationKind.Sigmoid:
                    return new Node("Sigmoid", new[] { input }, op.Layer + ".sigmoid", new string[0]);
                case ActivationKind.Tanh:
                    return new Node("Tanh", new[] { input }, op.Layer + ".tanh", new string[0]);
                default:
                    return new Node("Clip", new[] { input, Relu6Min, Relu6Max }, op.Layer + ".relu6", new string[0]);
            }
        }

        private static string[] WithParameters(FusedOp op, string input) =>
            op.HasBias
                ? new[] { input, op.Layer + ".weight", op.Layer + ".bias" }
                : new[] { input, op.Layer + ".weight" };

        private static string Add(List<Node> nodes, Node node)
        {
            nodes.Add(node);
            return node.Output;
        }

        private static string Ints(string name, params int[] values) =>
            $"{Attribute}.Ints({String(name)}, {string.Join(", ", values.Select(Int))})";

        /// <summary>An ONNX node as generated code: its operator, input and output value names and attribute expressions.</summary>
        private sealed class Node
        {
            public Node(string opType, string[] inputs, string output, string[] attributes)
            {
                OpType = opType;
                Inputs = inputs;
                Output = output;
                Attributes = attributes;
            }

            public string OpType { get; }

            public string[] Inputs { get; }

            public string Output { get; }

            public string[] Attributes { get; }
        }
    }
}
