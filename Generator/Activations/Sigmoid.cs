using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Activations
{
    /// <summary><c>[Sigmoid]</c>: 1 / (1 + exp(−x)), fused into its layer's epilogue; ONNX's Sigmoid.</summary>
    internal sealed class Sigmoid : ActivationDefinition
    {
        public static readonly Sigmoid Definition = new();

        private Sigmoid()
        {
        }

        public override string Name => "Sigmoid";

        public override string SummaryName => "Sigmoid";

        public override void Onnx(IndentedWriter writer, Activation activation, string input, string output) =>
            Node(writer, "Sigmoid", new[] { input }, output);
    }
}
