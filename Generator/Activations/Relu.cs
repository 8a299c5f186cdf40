using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Activations
{
    /// <summary><c>[Relu]</c>: max(x, 0), fused into its layer's epilogue; ONNX's Relu.</summary>
    internal sealed class Relu : ActivationDefinition
    {
        public static readonly Relu Definition = new();

        private Relu()
        {
        }

        public override string Name => "Relu";

        public override string SummaryName => "ReLU";

        public override void Onnx(IndentedWriter writer, Activation activation, string input, string output) =>
            Node(writer, "Relu", new[] { input }, output);
    }
}
