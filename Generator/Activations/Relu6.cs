using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Activations
{
    /// <summary><c>[Relu6]</c>: min(max(x, 0), 6), fused into its layer's epilogue; ONNX's Clip between two shared scalars.</summary>
    internal sealed class Relu6 : ActivationDefinition
    {
        public static readonly Relu6 Definition = new();

        // Clip's bounds are inputs since opset 11; the scalars are shared by every ReLU6 node.
        private const string Min = "relu6.min";
        private const string Max = "relu6.max";

        private Relu6()
        {
        }

        public override string Name => "Relu6";

        public override string SummaryName => "ReLU6";

        public override void OnnxInitializers(IndentedWriter writer)
        {
            writer.Line($"graph.AddInitializer({Literals.String(Min)}, global::System.Array.Empty<int>(), new float[] {{ 0f }});");
            writer.Line($"graph.AddInitializer({Literals.String(Max)}, global::System.Array.Empty<int>(), new float[] {{ 6f }});");
        }

        public override void Onnx(IndentedWriter writer, Activation activation, string input, string output) =>
            Node(writer, "Clip", new[] { input, Min, Max }, output);
    }
}
