using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Activations
{
    /// <summary><c>[Tanh]</c>: tanh(x), fused into its layer's epilogue; ONNX's Tanh.</summary>
    internal sealed class Tanh : ActivationDefinition
    {
        public static readonly Tanh Definition = new();

        private Tanh()
        {
        }

        public override string Name => "Tanh";

        public override string SummaryName => "Tanh";

        public override void Onnx(IndentedWriter writer, Activation activation, string input, string output) =>
            Node(writer, "Tanh", new[] { input }, output);
    }
}
