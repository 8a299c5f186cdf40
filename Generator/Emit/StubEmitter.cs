using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// For a model with Strata errors: implements its declared partial properties, the <c>(Device, int)</c> constructor and
    /// the IModel (or ISequenceModel) members with throwing bodies, so the build output shows the Strata errors alone.
    /// The build fails on those errors, so the bodies never run.
    /// </summary>
    internal static class StubEmitter
    {
        public static string HintName(StubbedModel model) =>
            (model.Namespace is null ? string.Empty : model.Namespace + ".") + model.ClassName + ".stubs.g.cs";

        public static string Emit(StubbedModel model) =>
            GeneratedFile.Write(model.Namespace, writer => EmitClass(writer, model));

        private static void EmitClass(IndentedWriter writer, StubbedModel model)
        {
            var failure = $"throw new global::System.InvalidOperationException(\"{model.ClassName} has Strata build errors.\");";
            var baseList = model.Interface switch
            {
                StubInterface.Model => " : global::Strata.IModel",
                StubInterface.SequenceModel => " : global::Strata.ISequenceModel",
                _ => string.Empty,
            };
            using (writer.Block("partial class " + model.ClassName + baseList))
            {
                var first = true;
                if (model.Constructor)
                {
                    writer.Line($"public {model.ClassName}(global::Strata.Device device, int seed) => {failure}");
                    first = false;
                }

                foreach (var property in model.Properties)
                {
                    if (!first)
                    {
                        writer.Line();
                    }

                    first = false;
                    var modifiers = property.Modifiers.Length == 0 ? string.Empty : property.Modifiers + " ";
                    var accessors = string.Concat(property.Accessors.Select(accessor => $" {accessor} => {failure}"));
                    writer.Line($"{modifiers}partial {property.TypeName} {property.Name} {{{accessors} }}");
                }

                if (model.Interface != StubInterface.None)
                {
                    if (!first)
                    {
                        writer.Line();
                    }

                    EmitInterfaceMembers(writer, failure, model.Interface == StubInterface.SequenceModel);
                }
            }
        }

        /// <summary>The members of IModel (and ISequenceModel), so user code that calls them reports no CS1061 of its own.</summary>
        private static void EmitInterfaceMembers(IndentedWriter writer, string failure, bool sequence)
        {
            writer.Line($"public global::Strata.Device Device => {failure}");
            writer.Line($"public global::System.Collections.Generic.IReadOnlyList<int> InputShape => {failure}");
            writer.Line($"public global::System.Collections.Generic.IReadOnlyList<int> OutputShape => {failure}");
            writer.Line($"public global::System.Collections.Generic.IReadOnlyList<global::Strata.Parameter> Parameters => {failure}");
            writer.Line($"public string Summary => {failure}");
            writer.Line($"public bool IsTraining => {failure}");
            writer.Line($"public void Train() => {failure}");
            writer.Line($"public void Eval() => {failure}");
            writer.Line($"public global::Strata.Tensor Forward(global::Strata.Tensor input) => {failure}");
            writer.Line($"public global::Strata.Tensor? Backward(global::Strata.Tensor gradOutput, bool inputGradient = false) => {failure}");
            writer.Line($"public void ExportOnnx(string path) => {failure}");
            writer.Line($"public byte[] ToOnnx() => {failure}");
            if (sequence)
            {
                writer.Line($"public global::Strata.Tensor Forward(global::Strata.Tensor input, int[]? lengths) => {failure}");
                writer.Line($"public bool CarryState {{ get => {failure} set => {failure} }}");
                writer.Line($"public void ResetState() => {failure}");
            }
        }
    }
}
