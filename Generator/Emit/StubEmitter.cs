using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// For a model with Strata errors: implements its declared partial properties and the <c>(Device, int)</c> constructor with throwing bodies, so the build
    /// output shows the Strata errors alone. The build fails on those errors, so the bodies never run.
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
            using (writer.Block("partial class " + model.ClassName))
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
            }
        }
    }
}
