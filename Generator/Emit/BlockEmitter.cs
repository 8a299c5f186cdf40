using System.Linq;
using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// Writes the generated part of a <c>[Block]</c> class: <c>Strata.IBlock</c>, whose <c>Bind</c> takes the layer handles
    /// a model made for one use and passes the rest on to nested uses, and the layer properties, which return those
    /// handles (and throw where a <c>[When]</c> condition left the layer out).
    /// </summary>
    internal static class BlockEmitter
    {
        public static string HintName(BlockShell shell) => (shell.Namespace is null ? string.Empty : shell.Namespace + ".") + shell.ClassName + ".block.g.cs";

        public static string Emit(BlockShell shell) =>
            GeneratedFile.Write(shell.Namespace, writer =>
            {
                using (writer.Block($"partial class {shell.ClassName} : global::Strata.IBlock"))
                {
                    foreach (var layer in shell.Layers)
                    {
                        writer.Line($"private {layer.TypeName}? {Field(layer.Name)};");
                    }

                    foreach (var layer in shell.Layers)
                    {
                        var modifiers = layer.Modifiers.Length == 0 ? string.Empty : layer.Modifiers + " ";
                        writer.Line();
                        writer.Line($"/// <summary>The {layer.Name} layer of this use; bound by the model that owns it.</summary>");
                        writer.Line($"{modifiers}partial {layer.TypeName} {layer.Name} {{ get => {Field(layer.Name)} ?? throw global::Strata.BlockBinding.Absent(this, nameof({layer.Name})); }}");
                    }

                    writer.Line();
                    writer.Line("/// <inheritdoc/>");
                    var arguments = string.Join(" + \", \" + ", shell.Parameters.Select(Argument));
                    writer.Line($"string global::Strata.IBlock.Arguments => {(arguments.Length == 0 ? "string.Empty" : arguments)};");
                    writer.Line();
                    writer.Line("/// <inheritdoc/>");
                    using (writer.Block("void global::Strata.IBlock.Bind(global::Strata.BlockBinding binding)"))
                    {
                        foreach (var layer in shell.Layers)
                        {
                            writer.Line($"{Field(layer.Name)} = binding.Layer<{layer.TypeName}>(nameof({layer.Name}));");
                        }

                        foreach (var use in shell.Uses)
                        {
                            writer.Line($"binding.Use({use.Name}, nameof({use.Name}));");
                        }
                    }
                }
            });

        private static string Field(string layer) => "_" + char.ToLowerInvariant(layer[0]) + layer.Substring(1) + "Layer";

        private static string Argument(BlockParameter parameter) =>
            $"\"{parameter.Name}: \" + " + (parameter.IsBool
                ? $"({parameter.Name} ? \"true\" : \"false\")"
                : $"{parameter.Name}.ToString(global::System.Globalization.CultureInfo.InvariantCulture)");
    }
}
