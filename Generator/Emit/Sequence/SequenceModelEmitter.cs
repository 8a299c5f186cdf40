using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>
    /// The class shell of a model whose input is a sequence, implementing ISequenceModel: IModel with a dynamic time
    /// dimension, Forward with optional lengths, Backward (truncated BPTT), and carried state across batches.
    /// </summary>
    internal static class SequenceModelEmitter
    {
        public static string Emit(SequenceModel model) =>
            GeneratedFile.Write(model.Namespace, writer => EmitClass(writer, model));

        private static void EmitClass(IndentedWriter writer, SequenceModel model)
        {
            using (writer.Block($"partial class {Identifier(model.ClassName)} : global::Strata.ISequenceModel"))
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
                SequenceOnnxEmitter.Emit(writer, model);
                writer.Line();
                EmitPlanAndState(writer);
                writer.Line();
                SequenceCpuEmitter.Emit(writer, model);
                writer.Line();
                SequenceGpuEmitter.Emit(writer, model);
                writer.Line();
                SequencePlanEmitter.Emit(writer, model);
            }
        }

        private static void EmitFields(IndentedWriter writer, SequenceModel model)
        {
            ModelShellEmitter.EmitFields(writer, PublicShape(model.Input), PublicShape(model.Output), model.Layers);
            writer.Line($"private readonly {TypeNames.Cpu}.CpuWorkspace _workspace = new();");
            if (model.HasDropout)
            {
                writer.Line($"private readonly global::System.Random {DropoutNames.Random};");
            }

            writer.Line("private bool _isTraining = true;");
            writer.Line("private MemoryPlan? _plan;");
            writer.Line("private RecurrentState? _state;");
            writer.Line("private bool _stateValid;");
            writer.Line($"private {TypeNames.Tensor}? _input;");
        }

        private static void EmitConstructor(IndentedWriter writer, SequenceModel model) =>
            ModelShellEmitter.EmitConstructor(
                writer,
                model.ClassName,
                new[]
                {
                    "Creates the model on <paramref name=\"device\"/> with PyTorch's default initialisation: U(−1/√fanIn, 1/√fanIn) for dense",
                    "layers, U(−1/√hidden, 1/√hidden) for recurrent ones, N(0, 1) for embeddings, drawn in declaration order from a",
                    "generator seeded with <paramref name=\"seed\"/>.",
                },
                model.Layers,
                model.HasDropout,
                parameter => parameter.FanIn == 0
                    ? $"global::Strata.Initializers.StandardNormal({parameter.Field}.Value, random);"
                    : $"global::Strata.Initializers.UniformFanIn({parameter.Field}.Value, {Int(parameter.FanIn)}, random);");

        private static void EmitLayerProperty(IndentedWriter writer, LayerPlan layer)
        {
            var parameters = SummaryEmitter.ParameterCount(layer);
            var summary = $"{Xml(layer.Name)}: {Xml(layer.Description)}; {Xml(layer.Input.ToString())} → {Xml(layer.Output.ToString())}" +
                (parameters > 0 ? $", {Long(parameters)} parameters" : string.Empty) + ".";
            ModelShellEmitter.EmitLayerProperty(writer, layer, summary);
        }

        private static void EmitModelMembers(IndentedWriter writer, SequenceModel model)
        {
            ModelShellEmitter.EmitModelMembers(
                writer,
                $"The per-sample input shape, {Xml(model.Input.ToString())}; −1 marks the time dimension, whose length each batch sets.",
                $"The per-sample output shape, {Xml(model.Output.ToString())}; −1 marks the time dimension.",
                SummaryEmitter.Text(model.ClassName, model.Input, model.Layers, "Forward FLOPs per sample and step"));
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public bool CarryState { get; set; }");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public void ResetState() => _stateValid = false;");
        }

        private static void EmitForward(IndentedWriter writer, SequenceModel model)
        {
            var expected = model.TokenInput ? "[batch, steps] token ids" : $"[batch, steps, {Int(model.Input[0])}]";
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public {TypeNames.Tensor} Forward({TypeNames.Tensor} input) => Forward(input, null);");
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line($"/// Runs the model on a batch {Xml(expected)} on <see cref=\"Device\"/>. <paramref name=\"lengths\"/> gives each");
            writer.Line("/// sequence's valid length (1..steps); steps past it are padding: recurrent layers leave their state alone there and");
            writer.Line("/// output zeros, and ReturnSequences = false takes each sequence's own last valid step. Null means all are full.");
            writer.Line("/// </summary>");
            using (writer.Block($"public {TypeNames.Tensor} Forward({TypeNames.Tensor} input, int[]? lengths)"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(input);");
                writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {String(model.ClassName)}, {String(expected)});");
                writer.Line("var shape = input.Shape;");
                writer.Line("var batch = shape[0];");
                writer.Line("var steps = shape[1];");
                using (writer.Block("if (lengths is not null)"))
                {
                    using (writer.Block("if (lengths.Length != batch)"))
                    {
                        writer.Line("throw new global::System.ArgumentException($\"'lengths' should hold {batch} values (one per sequence), got {lengths.Length}.\", nameof(lengths));");
                    }

                    using (writer.Block("for (var i = 0; i < batch; i++)"))
                    {
                        using (writer.Block("if (lengths[i] < 1 || lengths[i] > steps)"))
                        {
                            writer.Line("throw new global::System.ArgumentException($\"lengths[{i}] must be in 1..{steps}, got {lengths[i]}.\", nameof(lengths));");
                        }
                    }
                }

                writer.Line();
                writer.Line("var state = CarryState ? StateFor(batch) : null;");
                writer.Line("var carried = state is not null && _stateValid;");
                writer.Line("var plan = PlanFor(batch, steps);");
                using (writer.Block("for (var i = 0; i < batch; i++)"))
                {
                    writer.Line("plan.Lengths[i] = lengths?[i] ?? steps;");
                }

                writer.Line("_input = null;");
                using (writer.Block("if (Device.IsGpu)"))
                {
                    writer.Line("ForwardGpu(input, plan, state, carried, batch, steps);");
                }

                using (writer.Block("else"))
                {
                    writer.Line("ForwardCpu(input, plan, state, carried, batch, steps);");
                }

                writer.Line();
                writer.Line("_input = input;");
                writer.Line("_stateValid = state is not null;");
                writer.Line($"return plan.{model.Ops[model.Ops.Count - 1].Layer}Output;");
            }
        }

        private static void EmitBackward(IndentedWriter writer, SequenceModel model)
        {
            var last = model.Ops[model.Ops.Count - 1];
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

                if (model.TokenInput)
                {
                    writer.Line();
                    using (writer.Block("if (inputGradient)"))
                    {
                        writer.Line($"throw new global::System.ArgumentException(\"{model.ClassName} reads token ids, which have no gradient; pass inputGradient: false.\", nameof(inputGradient));");
                    }
                }

                writer.Line();
                writer.Line("var batch = plan.Batch;");
                writer.Line("var steps = plan.Steps;");
                writer.Line("var shape = gradOutput.Shape;");
                var size = Int(last.OutputSize);
                var (condition, text) = last.OutputPerStep
                    ? ($"shape.Length != 3 || shape[0] != batch || shape[1] != steps || shape[2] != {size}", $"[{{batch}}, {{steps}}, {size}]")
                    : ($"shape.Length != 2 || shape[0] != batch || shape[1] != {size}", $"[{{batch}}, {size}]");
                using (writer.Block($"if (gradOutput.Device != Device || {condition})"))
                {
                    writer.Line("throw new global::System.ArgumentException(");
                    using (writer.Indent())
                    {
                        writer.Line($"$\"{model.ClassName}.Backward expects gradOutput {text} (the shape of the last Forward's output) on {{Device}}; \" +");
                        writer.Line("$\"got [{string.Join(\", \", shape)}] on {gradOutput.Device}.\",");
                        writer.Line("nameof(gradOutput));");
                    }
                }

                writer.Line();
                using (writer.Block("if (Device.IsGpu)"))
                {
                    writer.Line("BackwardGpu(input, gradOutput, plan, batch, steps, inputGradient);");
                }

                using (writer.Block("else"))
                {
                    writer.Line("BackwardCpu(input, gradOutput, plan, batch, steps, inputGradient);");
                }

                writer.Line();
                writer.Line(model.TokenInput ? "return null;" : "return inputGradient ? plan.InputGrad : null;");
            }
        }

        private static void EmitPlanAndState(IndentedWriter writer)
        {
            using (writer.Block("private MemoryPlan PlanFor(int batch, int steps)"))
            {
                using (writer.Block("if (_plan is { } plan && plan.Batch == batch && plan.Steps == steps)"))
                {
                    writer.Line("return plan;");
                }

                writer.Line("_plan?.Dispose();");
                writer.Line("return _plan = new MemoryPlan(Device, batch, steps);");
            }

            writer.Line();
            using (writer.Block("private RecurrentState StateFor(int batch)"))
            {
                using (writer.Block("if (_state is { } state && state.Batch == batch)"))
                {
                    writer.Line("return state;");
                }

                using (writer.Block("if (_stateValid)"))
                {
                    writer.Line("throw new global::System.ArgumentException(");
                    using (writer.Indent())
                    {
                        writer.Line("$\"CarryState holds the states of a batch of {_state!.Batch}, but this batch has {batch} sequences; keep the batch size or call ResetState() first.\",");
                        writer.Line("\"input\");");
                    }
                }

                writer.Line("_state?.Dispose();");
                writer.Line("return _state = new RecurrentState(Device, batch);");
            }
        }

        /// <summary>A shape as IModel reports it, with −1 for the time dimension.</summary>
        private static string PublicShape(Shape shape) => shape.Sequence switch
        {
            SequenceKind.Features => "-1, " + Dimensions(shape),
            SequenceKind.Tokens => "-1",
            _ => Dimensions(shape),
        };
    }
}
