using System;
using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The parts of the class shell (<see cref="ModelEmitter"/>) that do not depend on the data flow: the shape and
    /// parameter fields, the seeded constructor, the layer properties and the IModel members that only report state.
    /// </summary>
    internal static class ModelShellEmitter
    {
        /// <summary>The static shape fields behind InputShape and OutputShape, then one field per parameter and layer handle.</summary>
        public static void EmitFields(IndentedWriter writer, string inputShape, string outputShape, IReadOnlyList<LayerPlan> layers)
        {
            writer.Line($"private static readonly global::System.Collections.ObjectModel.ReadOnlyCollection<int> s_inputShape = global::System.Array.AsReadOnly(new int[] {{ {inputShape} }});");
            writer.Line($"private static readonly global::System.Collections.ObjectModel.ReadOnlyCollection<int> s_outputShape = global::System.Array.AsReadOnly(new int[] {{ {outputShape} }});");
            writer.Line();
            foreach (var layer in layers)
            {
                foreach (var parameter in layer.Parameters)
                {
                    writer.Line($"private readonly {TypeNames.Parameter} {parameter.Field};");
                }

                writer.Line($"private readonly {layer.HandleType} {layer.Field};");
            }

            writer.Line($"private readonly global::System.Collections.ObjectModel.ReadOnlyCollection<{TypeNames.Parameter}> _parameters;");
        }

        /// <summary>
        /// The <c>(Device, int seed)</c> constructor: <paramref name="initializer"/> gives the statement that fills a
        /// parameter from <c>random</c>; each layer's handle is created from its parameters after them.
        /// </summary>
        public static void EmitConstructor(
            IndentedWriter writer,
            string className,
            IEnumerable<string> summary,
            IReadOnlyList<LayerPlan> layers,
            IReadOnlyList<BlockMember> uses,
            bool hasDropout,
            Func<ParameterPlan, string> initializer)
        {
            var parameters = layers.SelectMany(layer => layer.Parameters).ToList();
            writer.Line("/// <summary>");
            foreach (var line in summary)
            {
                writer.Line("/// " + line);
            }

            writer.Line("/// </summary>");
            writer.Line("/// <param name=\"device\">The device that holds the parameters and runs the kernels.</param>");
            writer.Line("/// <param name=\"seed\">The seed of the initialisation; the same seed gives the same parameters.</param>");
            using (writer.Block($"public {Identifier(className)}({TypeNames.Device} device, int seed)"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(device);");
                writer.Line("Device = device;");
                if (parameters.Count > 0)
                {
                    writer.Line("var random = new global::System.Random(seed);");
                }

                foreach (var layer in layers)
                {
                    foreach (var parameter in layer.Parameters)
                    {
                        writer.Line($"{parameter.Field} = new {TypeNames.Parameter}(device, {String(parameter.Name)}, {Dimensions(parameter.Shape)});");
                        writer.Line(initializer(parameter));
                    }

                    writer.Line($"{layer.Field} = new {layer.HandleType}({layer.HandleArguments});");
                }

                if (hasDropout)
                {
                    writer.Line($"{DropoutNames.Random} = new global::Strata.Philox({DropoutNames.GeneratorArguments});");
                }

                writer.Line(parameters.Count == 0
                    ? $"_parameters = global::System.Array.AsReadOnly(global::System.Array.Empty<{TypeNames.Parameter}>());"
                    : $"_parameters = global::System.Array.AsReadOnly(new {TypeNames.Parameter}[] {{ {string.Join(", ", parameters.Select(p => p.Field))} }});");
                EmitBlockBinding(writer, layers, uses);
                writer.Line($"_guard = new {TypeNames.ModelGuard}({String(className)}, device, _parameters);");
                writer.Line($"_replicas = new {TypeNames.ReplicaPool}<{Identifier(className)}>(replicas => new {Identifier(className)}(this, replicas));");
            }
        }

        /// <summary>Hands each block use the handles of its layers, by path, so that <c>model.Layer2[0].Conv1</c> is the handle of <c>Layer2.0.Conv1</c>.</summary>
        private static void EmitBlockBinding(IndentedWriter writer, IReadOnlyList<LayerPlan> layers, IReadOnlyList<BlockMember> uses)
        {
            if (uses.Count == 0)
            {
                return;
            }

            writer.Line("var blocks = new global::Strata.BlockBinding(this, new global::System.Collections.Generic.Dictionary<string, object>");
            writer.Line("{");
            using (writer.Indent())
            {
                foreach (var layer in layers.Where(layer => layer.InBlock))
                {
                    writer.Line($"[{String(layer.Name)}] = {layer.Field},");
                }
            }

            writer.Line("});");
            foreach (var use in uses)
            {
                writer.Line($"blocks.Use({Identifier(use.Name)}, nameof({Identifier(use.Name)}));");
            }
        }

        /// <summary>
        /// The private constructor of the replicas <c>Predict</c> runs on: the same parameters, layer handles and guard
        /// as the model it copies, its own buffers and workspace (field initialisers), always in evaluation mode.
        /// </summary>
        public static void EmitReplicaConstructor(IndentedWriter writer, string className, IReadOnlyList<LayerPlan> layers, bool hasDropout)
        {
            var name = Identifier(className);
            writer.Line("/// <summary>");
            writer.Line("/// A replica for Predict: it shares <paramref name=\"shared\"/>'s parameters, layer handles and guard, owns its buffers and");
            writer.Line("/// workspace, and runs in evaluation mode.");
            writer.Line("/// </summary>");
            using (writer.Block($"private {name}({name} shared, {TypeNames.ReplicaPool}<{name}> replicas)"))
            {
                writer.Line("Device = shared.Device;");
                foreach (var layer in layers)
                {
                    foreach (var parameter in layer.Parameters)
                    {
                        writer.Line($"{parameter.Field} = shared.{parameter.Field};");
                    }

                    writer.Line($"{layer.Field} = shared.{layer.Field};");
                }

                if (hasDropout)
                {
                    writer.Line($"{DropoutNames.Random} = shared.{DropoutNames.Random};");
                }

                writer.Line("_parameters = shared._parameters;");
                writer.Line("_guard = shared._guard;");
                writer.Line("_replicas = replicas;");
                writer.Line("_isTraining = false;");
            }
        }

        /// <summary>The implementation of a declared layer property, after its one-line summary.</summary>
        public static void EmitLayerProperty(IndentedWriter writer, LayerPlan layer, string summary)
        {
            writer.Line($"/// <summary>{summary}</summary>");
            var modifiers = layer.Modifiers.Length == 0 ? string.Empty : layer.Modifiers + " ";
            writer.Line($"{modifiers}partial {layer.HandleType} {Identifier(layer.Name)} {{ get => {layer.Field}; }}");
        }

        /// <summary>Device, InputShape, OutputShape, Parameters, Summary and the training-mode members of IModel.</summary>
        public static void EmitModelMembers(IndentedWriter writer, string inputShapeSummary, string outputShapeSummary, string summaryText, long parameterCount)
        {
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public {TypeNames.Device} Device {{ get; }}");
            writer.Line();
            writer.Line($"/// <summary>{inputShapeSummary}</summary>");
            writer.Line("public global::System.Collections.Generic.IReadOnlyList<int> InputShape => s_inputShape;");
            writer.Line();
            writer.Line($"/// <summary>{outputShapeSummary}</summary>");
            writer.Line("public global::System.Collections.Generic.IReadOnlyList<int> OutputShape => s_outputShape;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public global::System.Collections.Generic.IReadOnlyList<{TypeNames.Parameter}> Parameters => _parameters;");
            writer.Line();
            writer.Line("/// <summary>The <see cref=\"Summary\"/> table, known at build time: it needs no instance, so no weights are allocated.</summary>");
            writer.Line("public const string SummaryText =");
            using (writer.Indent())
            {
                var lines = summaryText.Split('\n');
                for (var i = 0; i < lines.Length - 1; i++)
                {
                    writer.Line(String(lines[i] + "\n") + (i < lines.Length - 2 ? " +" : ";"));
                }
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public string Summary => SummaryText;");
            writer.Line();
            writer.Line("/// <summary>The number of parameter elements (the summary's total), known at build time.</summary>");
            writer.Line($"public const long ParameterCount = {parameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture)};");

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public bool IsTraining => _isTraining;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            GuardedMethod(writer, "Train", "_isTraining = true;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            GuardedMethod(writer, "Eval", "_isTraining = false;");
        }

        /// <summary>A void method without parameters whose one statement runs with the model to itself (see ModelGuard).</summary>
        public static void GuardedMethod(IndentedWriter writer, string name, string statement)
        {
            using (writer.Block($"public void {name}()"))
            {
                writer.Line($"using var call = _guard.Enter(nameof({name}));");
                writer.Line(statement);
            }
        }
    }
}
