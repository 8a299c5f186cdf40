using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// What a layer definition writes one operation's ONNX nodes with, inside the generated <c>BuildOnnxGraph</c> (whose
    /// local is <c>graph</c>): the value it reads, the value it must write, its parameters as initializers.
    /// </summary>
    internal sealed class OnnxWriter
    {
        public const string Graph = "global::Strata.Onnx.OnnxGraph";
        public const string Attribute = "global::Strata.Onnx.OnnxAttribute";
        public const string Sequence = "global::Strata.Onnx.SequenceOnnx";

        private readonly IndentedWriter _writer;
        private readonly LayerPlan _layer;

        public OnnxWriter(IndentedWriter writer, Op op, LayerPlan layer, string[] inputs, string output)
        {
            _writer = writer;
            _layer = layer;
            Op = op;
            Inputs = inputs;
            Output = output;
        }

        public Op Op { get; }

        /// <summary>The names of the values the operation reads, one per input.</summary>
        public string[] Inputs { get; }

        /// <summary>The name of the value the operation reads, for operations with one input.</summary>
        public string Input => Inputs[0];

        /// <summary>The name of the value its last node must write.</summary>
        public string Output { get; }

        public void Line(string text) => _writer.Line(text);

        /// <summary>Adds the layer's parameters to the graph under their state_dict names.</summary>
        public void Initializers()
        {
            foreach (var parameter in _layer.Parameters)
            {
                Line($"graph.AddInitializer({String(parameter.Name)}, {parameter.Field}.Shape, {parameter.Field}.Value.ToArray());");
            }
        }

        /// <summary>The input followed by the layer's weight and bias values, as Conv and Gemm take them.</summary>
        public string[] WithParameters() => new[] { Input }.Concat(_layer.Parameters.Select(p => p.Name)).ToArray();

        /// <summary>A node: its operator, input values, output value and attribute expressions.</summary>
        public void Node(string opType, string[] inputs, string output, params string[] attributes) => Line(NodeLine(opType, inputs, output, attributes));

        /// <summary>The generated statement that adds a node to <c>graph</c>.</summary>
        public static string NodeLine(string opType, string[] inputs, string output, params string[] attributes) =>
            $"graph.AddNode({String(opType)}, new[] {{ {string.Join(", ", inputs.Select(String))} }}, new[] {{ {String(output)} }}" +
            string.Concat(attributes.Select(a => ", " + a)) + ");";

        /// <summary>An ints attribute, e.g. kernel_shape.</summary>
        public static string Ints(string name, params int[] values) => $"{Attribute}.Ints({String(name)}, {string.Join(", ", values.Select(Int))})";

        /// <summary>An int attribute, e.g. transB.</summary>
        public static string IntAttribute(string name, int value) => $"{Attribute}.Int({String(name)}, {Int(value)})";
    }
}
