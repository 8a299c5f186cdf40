using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Activations
{
    /// <summary>No activation: the epilogue of a layer whose property carries none. Users cannot write it.</summary>
    internal sealed class Identity : ActivationDefinition
    {
        public static readonly Identity Definition = new();

        private Identity()
        {
        }

        public override string Name => "Identity";

        public override string SummaryName => "Identity";

        public override string Describe(Activation activation) => string.Empty;

        public override void Onnx(IndentedWriter writer, Activation activation, string input, string output) =>
            Node(writer, "Identity", new[] { input }, output);
    }
}
