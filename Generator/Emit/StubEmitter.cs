using System;
using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// For a model that cannot be generated: implements its declared partial properties, the <c>(Device, int)</c>
    /// constructor and the IModel (or ISequenceModel) members with throwing bodies, inside the types it is nested in, so
    /// the build output shows the errors that stop generation alone. The build fails on those errors, so the bodies never run.
    /// </summary>
    internal static class StubEmitter
    {
        public static string HintName(StubbedModel model) => model.HintStem + ".stubs.g.cs";

        public static string Emit(StubbedModel model) =>
            GeneratedFile.Write(model.Namespace, writer => EmitContainers(writer, model, 0));

        private static void EmitContainers(IndentedWriter writer, StubbedModel model, int depth)
        {
            if (depth == model.Containers.Count)
            {
                EmitClass(writer, model);
                return;
            }

            using (writer.Block(model.Containers[depth]))
            {
                EmitContainers(writer, model, depth + 1);
            }
        }

        private static void EmitClass(IndentedWriter writer, StubbedModel model)
        {
            var failure = $"throw new global::System.InvalidOperationException(\"{model.ClassName} has build errors.\");";
            var baseList = model.Interface switch
            {
                StubInterface.Model => " : global::Strata.IModel",
                StubInterface.SequenceModel => " : global::Strata.ISequenceModel",
                _ => string.Empty,
            };
            using (writer.Block(model.Declaration + baseList))
            {
                var first = true;
                if (model.Constructor)
                {
                    // Documented, so that a build with documentation warnings as errors adds no CS1591 to the real error.
                    writer.Line("/// <summary>Not generated: the model has build errors.</summary>");
                    writer.Line("/// <param name=\"device\">The device.</param>");
                    writer.Line("/// <param name=\"seed\">The seed.</param>");
                    var chain = model.ChainToBase ? " : base(device, seed)" : string.Empty;
                    writer.Line($"public {model.ClassName}(global::Strata.Device device, int seed){chain} => {failure}");
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
                    writer.Line("/// <summary>Not generated: the model has build errors.</summary>");
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
            string[] members =
            {
                $"public global::Strata.Device Device => {failure}",
                $"public global::System.Collections.Generic.IReadOnlyList<int> InputShape => {failure}",
                $"public global::System.Collections.Generic.IReadOnlyList<int> OutputShape => {failure}",
                $"public global::System.Collections.Generic.IReadOnlyList<global::Strata.Parameter> Parameters => {failure}",
                $"public string Summary => {failure}",
                $"public bool IsTraining => {failure}",
                $"public void Train() => {failure}",
                $"public void Eval() => {failure}",
                $"public global::Strata.Tensor Forward(global::Strata.Tensor input) => {failure}",
                $"public global::Strata.Tensor? Backward(global::Strata.Tensor gradOutput, bool inputGradient = false) => {failure}",
                $"public global::Strata.Tensor Predict(global::Strata.Tensor input) => {failure}",
                $"public void Predict(global::Strata.Tensor input, global::Strata.Tensor output) => {failure}",
                $"public void ExportOnnx(string path) => {failure}",
                $"public byte[] ToOnnx() => {failure}",
            };
            string[] sequenceMembers =
            {
                $"public global::Strata.Tensor Forward(global::Strata.Tensor input, int[]? lengths) => {failure}",
                $"public global::Strata.Tensor Predict(global::Strata.Tensor input, int[]? lengths) => {failure}",
                $"public void Predict(global::Strata.Tensor input, int[]? lengths, global::Strata.Tensor output) => {failure}",
                $"public bool CarryState {{ get => {failure} set => {failure} }}",
                $"public void ResetState() => {failure}",
            };
            foreach (var member in sequence ? members.Concat(sequenceMembers) : members)
            {
                writer.Line("/// <inheritdoc/>");
                writer.Line(member);
            }
        }
    }
}
