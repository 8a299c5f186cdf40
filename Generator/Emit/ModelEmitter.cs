using System.Linq;
using Strata.Generator.Emit.Ops;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The class shell: the partial class implementing <c>IModel</c>, its fields, constructor, layer properties and
    /// IModel members, with Forward/Backward validating their arguments and dispatching to the CPU or GPU path.
    /// </summary>
    internal static class ModelEmitter
    {
        /// <summary>The generated file's name: the class's full name, unique because models are never nested or generic.</summary>
        public static string HintName(string? ns, string className) =>
            (ns is null ? string.Empty : ns + ".") + className + ".g.cs";

        public static string Emit(LoweredModel model) =>
            GeneratedFile.Write(model.Namespace, writer => EmitClass(writer, model));

        private static void EmitClass(IndentedWriter writer, LoweredModel model)
        {
            using (writer.Block($"partial class {Identifier(model.ClassName)} : global::Strata.IModel"))
            {
                EmitFields(writer, model);
                writer.Line();
                EmitConstructor(writer, model);
                foreach (var layer in model.Layers)
                {
                    writer.Line();
                    EmitLayerProperty(writer, layer);
                }

                writer.Line();
                EmitModelMembers(writer, model);
                writer.Line();
                EmitForward(writer, model);
                writer.Line();
                EmitBackward(writer, model);
                writer.Line();
                OnnxExportEmitter.Emit(writer, model);
                writer.Line();
                using (writer.Block("private MemoryPlan PlanFor(int batch)"))
                {
                    using (writer.Block("if (_plan is { } plan && plan.Batch == batch)"))
                    {
                        writer.Line("return plan;");
                    }

                    writer.Line("_plan?.Dispose();");
                    writer.Line("return _plan = new MemoryPlan(Device, batch);");
                }

                writer.Line();
                PathEmitter.Emit(writer, model, Target.Cpu);
                writer.Line();
                PathEmitter.Emit(writer, model, Target.Gpu);
                writer.Line();
                MemoryPlanEmitter.Emit(writer, model);
            }
        }

        private static void EmitFields(IndentedWriter writer, LoweredModel model)
        {
            ModelShellEmitter.EmitFields(writer, Dimensions(model.Input), Dimensions(model.Output.Shape), model.Layers);
            if (model.NeedsWorkspace)
            {
                writer.Line($"private readonly {TypeNames.Cpu}.CpuWorkspace _workspace = new();");
            }

            if (model.HasDropout)
            {
                writer.Line($"private readonly global::System.Random {DropoutNames.Random};");
            }

            writer.Line("private bool _isTraining = true;");
            writer.Line("private MemoryPlan? _plan;");
            writer.Line($"private {TypeNames.Tensor}? _input;");
        }

        private static void EmitConstructor(IndentedWriter writer, LoweredModel model) =>
            ModelShellEmitter.EmitConstructor(
                writer,
                model.ClassName,
                new[]
                {
                    "Creates the model on <paramref name=\"device\"/> with PyTorch's default initialisation, U(−1/√fanIn, 1/√fanIn),",
                    "drawn for each weight and then each bias in declaration order from a generator seeded with <paramref name=\"seed\"/>.",
                },
                model.Layers,
                model.HasDropout,
                parameter => $"global::Strata.Initializers.UniformFanIn({parameter.Field}.Value, {Int(parameter.FanIn)}, random);");

        private static void EmitLayerProperty(IndentedWriter writer, LayerPlan layer)
        {
            var parameters = SummaryEmitter.ParameterCount(layer);
            var summary = $"{Xml(layer.Name)}: {Xml(layer.Description)}; {layer.Input} → {layer.Output}" +
                (parameters > 0 ? $", {Long(parameters)} parameters ({string.Join(", ", layer.Parameters.Select(p => p.Name + " " + p.Shape))})" : string.Empty) +
                ".";
            ModelShellEmitter.EmitLayerProperty(writer, layer, summary);
        }

        private static void EmitModelMembers(IndentedWriter writer, LoweredModel model) =>
            ModelShellEmitter.EmitModelMembers(
                writer,
                $"The per-sample input shape, {model.Input}.",
                $"The per-sample output shape, {model.Output.Shape}.",
                SummaryEmitter.Text(model));

        private static void EmitForward(IndentedWriter writer, LoweredModel model)
        {
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public {TypeNames.Tensor} Forward({TypeNames.Tensor} input)"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(input);");
                writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {String(model.ClassName)}, {String(model.Input.ToBatchString("batch"))});");
                writer.Line("var batch = input.Shape[0];");
                writer.Line("var plan = PlanFor(batch);");
                writer.Line("_input = input;");
                using (writer.Block("if (Device.IsGpu)"))
                {
                    writer.Line("ForwardGpu(input, plan, batch);");
                }

                using (writer.Block("else"))
                {
                    writer.Line("ForwardCpu(input, plan, batch);");
                }

                writer.Line();
                writer.Line($"return {TensorExpressions.Value(model.Output)};");
            }
        }

        private static void EmitBackward(IndentedWriter writer, LoweredModel model)
        {
            var output = model.Output;
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public {TypeNames.Tensor}? Backward({TypeNames.Tensor} gradOutput, bool inputGradient = false)"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(gradOutput);");
                writer.Line("var plan = _plan;");
                writer.Line("var input = _input;");
                using (writer.Block("if (plan is null || input is null)"))
                {
                    writer.Line("throw new global::System.InvalidOperationException(");
                    using (writer.Indent())
                    {
                        writer.Line($"\"{model.ClassName}.Backward needs a Forward call first: it back-propagates through the activations of the last Forward.\");");
                    }
                }

                writer.Line();
                writer.Line("var batch = plan.Batch;");
                writer.Line("var shape = gradOutput.Shape;");
                var checks = string.Concat(output.Shape.Dimensions.Select((d, axis) => $" || shape[{Int(axis + 1)}] != {Int(d)}"));
                using (writer.Block($"if (gradOutput.Device != Device || shape.Length != {Int(output.Shape.Rank + 1)} || shape[0] != batch{checks})"))
                {
                    writer.Line("throw new global::System.ArgumentException(");
                    using (writer.Indent())
                    {
                        writer.Line($"$\"{model.ClassName}.Backward expects gradOutput {output.Shape.ToBatchString("{batch}")} (the batch of the last Forward) on {{Device}}; \" +");
                        writer.Line("$\"got [{string.Join(\", \", shape)}] on {gradOutput.Device}.\",");
                        writer.Line("nameof(gradOutput));");
                    }
                }

                writer.Line();
                if (output.Flat)
                {
                    var last = model.Ops[model.Ops.Count - 1];
                    writer.Line("// The last layer writes its gradient through its own shape; a flat output is only a view of it.");
                    writer.Line($"gradOutput = gradOutput.Reshape(batch, {Dimensions(last.OutputShape)});");
                }

                using (writer.Block("if (Device.IsGpu)"))
                {
                    writer.Line("BackwardGpu(input, gradOutput, plan, batch, inputGradient);");
                }

                using (writer.Block("else"))
                {
                    writer.Line("BackwardCpu(input, gradOutput, plan, batch, inputGradient);");
                }

                writer.Line();
                writer.Line("return inputGradient ? plan.InputGrad : null;");
            }
        }
    }
}
