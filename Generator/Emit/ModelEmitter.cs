using System.Linq;
using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The class shell of every model: the partial class implementing <c>IModel</c> (<c>ISequenceModel</c> when its input
    /// is a sequence), its fields, constructor, layer properties and members, with Forward and Backward validating their
    /// arguments and dispatching to the CPU or GPU body. Sequence models add lengths and carried state.
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
            var contract = model.SecondInput is not null ? "global::Strata.IEncoderDecoderModel"
                : model.IsSequence ? "global::Strata.ISequenceModel" : "global::Strata.IModel";
            using (writer.Block($"partial class {Identifier(model.ClassName)} : {contract}"))
            {
                EmitFields(writer, model);
                writer.Line();
                EmitConstructor(writer, model);
                writer.Line();
                ModelShellEmitter.EmitReplicaConstructor(writer, model.ClassName, model.Layers, model.HasDropout);
                foreach (var layer in model.Layers.Where(layer => !layer.InBlock))
                {
                    writer.Line();
                    EmitLayerProperty(writer, layer);
                }

                writer.Line();
                EmitModelMembers(writer, model);
                EmitBuffers(writer, model);
                EmitDropoutGenerator(writer, model);
                writer.Line();
                EmitForward(writer, model);
                writer.Line();
                EmitGradientReadyListener(writer);
                writer.Line();
                EmitBackward(writer, model);
                writer.Line();
                PredictEmitter.Emit(writer, model);
                writer.Line();
                OnnxExportEmitter.Emit(writer, model);
                writer.Line();
                EmitPlanFor(writer, model);
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
            ModelShellEmitter.EmitFields(writer, PublicShape(model.Input), PublicShape(model.Output.Shape), model.Layers);
            if (model.Layers.Any(layer => layer.Parameters.Count > 0))
            {
                writer.Line($"private readonly {TypeNames.Cpu}.CpuWorkspace _workspace = new();");
            }

            if (model.HasDropout)
            {
                writer.Line($"private readonly global::Strata.Philox {DropoutNames.Random};");
            }

            writer.Line($"private readonly {TypeNames.ModelGuard} _guard;");
            writer.Line($"private readonly {TypeNames.ReplicaPool}<{Identifier(model.ClassName)}> _replicas;");
            writer.Line("private bool _isTraining = true;");
            writer.Line("private MemoryPlan? _plan;");
            if (model.HasState)
            {
                writer.Line("private bool _carryState;");
                writer.Line("private RecurrentState? _state;");
                writer.Line("private bool _stateValid;");
            }

            writer.Line($"private {TypeNames.Tensor}? _input;");
            if (model.SecondInput is { } second)
            {
                writer.Line($"private static readonly global::System.Collections.ObjectModel.ReadOnlyCollection<int> s_secondInputShape = global::System.Array.AsReadOnly(new int[] {{ {PublicShape(second.Shape)} }});");
                writer.Line($"private {TypeNames.Tensor}? _secondInput;");
            }
            writer.Line($"private global::Strata.IGradientReadyListener? {GradientReadiness.Field};");
        }

        private static void EmitConstructor(IndentedWriter writer, LoweredModel model) =>
            ModelShellEmitter.EmitConstructor(
                writer,
                model.ClassName,
                new[]
                {
                    "Creates the model on <paramref name=\"device\"/> with PyTorch's default initialisation: U(−1/√fanIn, 1/√fanIn) for conv",
                    "and dense layers, U(−1/√hidden, 1/√hidden) for recurrent ones, N(0, 1) for embeddings, drawn in declaration order",
                    "from a generator seeded with <paramref name=\"seed\"/>.",
                }.Concat(model.Layers.Any(layer => layer.Parameters.Any(p => p.Constant is not null))
                    ? new[] { "Parameters that PyTorch starts at a constant (BatchNorm's weight 1 and bias 0) draw nothing." }
                    : new string[0])
                .Concat(model.Layers.Any(layer => layer.Parameters.Any(p => p.Scheme != 0))
                    ? new[] { "Layers declared with [Init] start as it says instead." }
                    : new string[0]).ToArray(),
                model.Layers,
                model.Uses,
                model.HasDropout,
                parameter => Initialization.Call(parameter) ?? (parameter.Constant is { } constant
                    ? constant switch
                    {
                        0f => $"global::Strata.Initializers.Zeros({parameter.Field}.Value);",
                        1f => $"global::Strata.Initializers.Ones({parameter.Field}.Value);",
                        _ => $"global::Strata.Initializers.Constant({parameter.Field}.Value, {Float(constant)});",
                    }
                    : parameter.Xavier
                    ? $"global::Strata.Initializers.XavierUniform({parameter.Field}.Value, random);"
                    : parameter.FanIn == 0
                    ? $"global::Strata.Initializers.StandardNormal({parameter.Field}.Value, random);"
                    : $"global::Strata.Initializers.UniformFanIn({parameter.Field}.Value, {Int(parameter.FanIn)}, random);"));

        private static void EmitLayerProperty(IndentedWriter writer, LayerPlan layer)
        {
            var parameters = SummaryEmitter.ParameterCount(layer);
            var summary = $"{Xml(layer.Name)}: {Xml(layer.Description)}; {Xml(layer.Input.ToString())} → {Xml(layer.Output.ToString())}" +
                (parameters > 0 ? $", {Long(parameters)} parameters ({string.Join(", ", layer.Parameters.Select(p => p.Name + " " + p.Shape))})" : string.Empty) +
                ".";
            ModelShellEmitter.EmitLayerProperty(writer, layer, summary);
        }

        private static void EmitModelMembers(IndentedWriter writer, LoweredModel model)
        {
            var time = model.IsSequence ? "; −1 marks the time dimension, whose length each batch sets" : string.Empty;
            ModelShellEmitter.EmitModelMembers(
                writer,
                $"The per-sample input shape, {Xml(model.Input.ToString())}{time}.",
                $"The per-sample output shape, {Xml(model.Output.Shape.ToString())}{(model.Output.Shape.IsSequence && !model.Output.Shape.HasStaticSteps ? "; −1 marks the time dimension" : string.Empty)}.",
                SummaryEmitter.Text(model),
                model.Layers.Sum(SummaryEmitter.ParameterCount));
            if (model.Ops[model.Ops.Count - 1].Definition.OutputsProbabilities)
            {
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line("public bool OutputsProbabilities => true;");
            }

            if (!model.IsSequence)
            {
                return;
            }

            if (model.SecondInput is { } second)
            {
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line($"public string SecondInputName => {String(second.Name)};");
                writer.Line();
                writer.Line($"/// <summary>The per-sample shape of the second input '{Xml(second.Name)}', {Xml(second.Shape.ToString())}; −1 marks its time dimension.</summary>");
                writer.Line("public global::System.Collections.Generic.IReadOnlyList<int> SecondInputShape => s_secondInputShape;");
                var attention = model.Ops.Select(op => op.Definition.AttentionWeights(op)).FirstOrDefault(buffer => buffer is not null);
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line($"public {TypeNames.Tensor}? LastAttention => {(attention is null ? "null" : "_input is null ? null : _plan?." + attention)};");
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public bool CarryState"))
            {
                writer.Line("get => _carryState;");
                using (writer.Block("set"))
                {
                    writer.Line("using var call = _guard.Enter(nameof(CarryState));");
                    writer.Line("_carryState = value;");
                }
            }

            writer.Line();
            writer.Line("/// <inheritdoc/>");
            ModelShellEmitter.GuardedMethod(writer, "ResetState", "_stateValid = false;");
        }

        /// <summary>
        /// IModel.Buffers, for a model whose layers keep buffers beside their parameters (BatchNorm's running
        /// statistics); other models keep the interface's empty default.
        /// </summary>
        private static void EmitBuffers(IndentedWriter writer, LoweredModel model)
        {
            var buffers = model.Ops.SelectMany(op => op.Definition.Buffers(op)).ToList();
            if (buffers.Count == 0)
            {
                return;
            }

            writer.Line();
            writer.Line($"private global::System.Collections.ObjectModel.ReadOnlyCollection<{TypeNames.ModelBuffer}>? _modelBuffers;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public global::System.Collections.Generic.IReadOnlyList<{TypeNames.ModelBuffer}> Buffers =>");
            writer.Line($"    _modelBuffers ??= global::System.Array.AsReadOnly(new {TypeNames.ModelBuffer}[] {{ {string.Join(", ", buffers)} }});");
        }

        /// <summary>
        /// IModel.DropoutGenerator, for a model with dropout: the generator its masks come from, whose state checkpoints
        /// save. An explicit implementation, so it can clash with no layer's name; other models keep the default, null.
        /// </summary>
        private static void EmitDropoutGenerator(IndentedWriter writer, LoweredModel model)
        {
            if (!model.HasDropout)
            {
                return;
            }

            writer.Line();
            writer.Line($"global::Strata.Philox? global::Strata.IModel.DropoutGenerator => {DropoutNames.Random};");
        }

        private static void EmitForward(IndentedWriter writer, LoweredModel model)
        {
            if (model.SecondInput is not null)
            {
                EmitTwoInputForward(writer, model);
                return;
            }

            if (model.IsSequence)
            {
                EmitSequenceForward(writer, model);
                return;
            }

            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public {TypeNames.Tensor} Forward({TypeNames.Tensor} input)"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(input);");
                writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {String(model.ClassName)}, {String(model.Input.ToBatchString("batch"))});");
                EnterForward(writer, model);
                writer.Line("var batch = input.Shape[0];");
                writer.Line("var plan = PlanFor(batch);");
                writer.Line("_input = input;");
                Dispatch(writer, "Forward", "input, plan, batch");
                writer.Line();
                writer.Line($"return {TensorExpressions.Value(model.Output)};");
            }
        }

        /// <summary>
        /// Forward's guard: the busy flag; for a model with buffers (BatchNorm's running statistics), which a training
        /// forward updates, also the write side of the weights' lock while training, so a concurrent Predict sees the
        /// buffers wholly before or wholly after the update.
        /// </summary>
        private static void EnterForward(IndentedWriter writer, LoweredModel model)
        {
            writer.Line(model.Ops.Any(op => op.Definition.Buffers(op).Any())
                ? "using var call = _guard.EnterForward(nameof(Forward), writesBuffers: _isTraining);"
                : "using var call = _guard.Enter(nameof(Forward));");
        }

        private static void EmitSequenceForward(IndentedWriter writer, LoweredModel model)
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
                writer.Line($"{TypeNames.SequenceLengths}.Check(lengths, batch, steps);");
                EnterForward(writer, model);
                writer.Line("var state = _carryState ? StateFor(batch) : null;");
                writer.Line("var carried = state is not null && _stateValid;");
                writer.Line("var plan = PlanFor(batch, steps);");
                writer.Line($"{TypeNames.SequenceLengths}.Fill(plan.Lengths, lengths, steps);");
                writer.Line("_input = null;");
                Dispatch(writer, "Forward", "input, plan, state, carried, batch, steps");
                writer.Line();
                writer.Line("_input = input;");
                writer.Line("_stateValid = state is not null;");
                writer.Line($"return {TensorExpressions.Value(model.Output)};");
            }
        }

        /// <summary>What a one-input call of a two-input model throws.</summary>
        public static string NeedsBothInputs(LoweredModel model, string method) =>
            $"throw new global::System.InvalidOperationException({String(model.ClassName + " reads two inputs, input and " + model.SecondInput!.Name + "; call " + method + "(input, lengths, " + model.SecondInput.Name + ", " + model.SecondInput.Name + "Lengths).")});";

        /// <summary>The checks of both inputs of a two-input model, and the locals batch, steps, targetSteps.</summary>
        public static void CheckBothInputs(IndentedWriter writer, LoweredModel model)
        {
            var second = model.SecondInput!;
            var name = second.Name;
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(input);");
            writer.Line($"global::System.ArgumentNullException.ThrowIfNull({name});");
            writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {String(model.ClassName)}, {String(SequenceExpected(model.Input, "steps"))});");
            writer.Line($"{TypeNames.ModelInput}.Check({name}, Device, s_secondInputShape, {String(model.ClassName)}, {String(SequenceExpected(second.Shape, name + "Steps"))});");
            writer.Line("var batch = input.Shape[0];");
            writer.Line("var steps = input.Shape[1];");
            writer.Line($"var {name}Steps = {name}.Shape[1];");
            using (writer.Block($"if ({name}.Shape[0] != batch)"))
            {
                writer.Line($"throw new global::System.ArgumentException($\"{model.ClassName}: the input has {{batch}} sequences but {name} has {{{name}.Shape[0]}}; both inputs hold the same examples.\", nameof({name}));");
            }

            writer.Line($"{TypeNames.SequenceLengths}.Check(lengths, batch, steps);");
            writer.Line($"{TypeNames.SequenceLengths}.Check({name}Lengths, batch, {name}Steps);");
        }

        /// <summary>How messages describe a sequence input: <c>[batch, steps] token ids</c> or <c>[batch, steps, 8]</c>.</summary>
        public static string SequenceExpected(Shape shape, string steps) =>
            shape.Sequence == SequenceKind.Tokens ? $"[batch, {steps}] token ids" : $"[batch, {steps}, {Int(shape[0])}]";

        /// <summary>
        /// Forward of an encoder–decoder model: both inputs and both lengths; the one-input overloads of IModel throw.
        /// </summary>
        private static void EmitTwoInputForward(IndentedWriter writer, LoweredModel model)
        {
            var name = model.SecondInput!.Name;
            writer.Line("/// <summary>Throws: this model reads two inputs; call the overload that takes both.</summary>");
            writer.Line($"public {TypeNames.Tensor} Forward({TypeNames.Tensor} input) => {NeedsBothInputs(model, "Forward").Replace("throw new", "throw new").TrimEnd(';')};");
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line($"/// Runs the model on the batch <paramref name=\"input\"/> {Xml(SequenceExpected(model.Input, "steps"))} and <paramref name=\"{name}\"/>");
            writer.Line($"/// {Xml(SequenceExpected(model.SecondInput.Shape, name + "Steps"))} on <see cref=\"Device\"/>, each with its lengths (1..its steps; null: all full);");
            writer.Line("/// steps past a sequence's length are padding. The output is lent until the next call.");
            writer.Line("/// </summary>");
            using (writer.Block($"public {TypeNames.Tensor} Forward({TypeNames.Tensor} input, int[]? lengths, {TypeNames.Tensor} {name}, int[]? {name}Lengths)"))
            {
                CheckBothInputs(writer, model);
                EnterForward(writer, model);
                writer.Line("var state = _carryState ? StateFor(batch) : null;");
                writer.Line("var carried = state is not null && _stateValid;");
                writer.Line($"var plan = PlanFor(batch, {model.StepArguments});");
                writer.Line($"{TypeNames.SequenceLengths}.Fill(plan.Lengths, lengths, steps);");
                writer.Line($"{TypeNames.SequenceLengths}.Fill(plan.{OpWriter.LengthsField(name)}, {name}Lengths, {name}Steps);");
                writer.Line("_input = null;");
                writer.Line("_secondInput = null;");
                Dispatch(writer, "Forward", $"input, {name}, plan, state, carried, batch, {model.StepArguments}");
                writer.Line();
                writer.Line("_input = input;");
                writer.Line($"_secondInput = {name};");
                writer.Line("_stateValid = state is not null;");
                writer.Line($"return {TensorExpressions.Value(model.Output)};");
            }
        }

        /// <summary>IModel.GradientReadyListener: a field Backward reports to, set like CarryState (not while a call runs).</summary>
        private static void EmitGradientReadyListener(IndentedWriter writer)
        {
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public global::Strata.IGradientReadyListener? GradientReadyListener"))
            {
                writer.Line($"get => {GradientReadiness.Field};");
                using (writer.Block("set"))
                {
                    writer.Line("using var call = _guard.Enter(nameof(GradientReadyListener));");
                    writer.Line($"{GradientReadiness.Field} = value;");
                }
            }
        }

        private static void EmitBackward(IndentedWriter writer, LoweredModel model)
        {
            var output = model.Output;
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public {TypeNames.Tensor}? Backward({TypeNames.Tensor} gradOutput, bool inputGradient = false)"))
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(gradOutput);");
                writer.Line("using var call = _guard.Enter(nameof(Backward));");
                writer.Line("var plan = _plan;");
                writer.Line("var input = _input;");
                if (model.SecondInput is { } second)
                {
                    writer.Line($"var {second.Name} = _secondInput;");
                }

                using (writer.Block(model.SecondInput is { } read ? $"if (plan is null || input is null || {read.Name} is null)" : "if (plan is null || input is null)"))
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
                if (model.IsSequence)
                {
                    writer.Line("var steps = plan.Steps;");
                }

                if (model.SecondInput is { } secondInput)
                {
                    writer.Line($"var {secondInput.Name}Steps = plan.{OpWriter.StepsField(secondInput.Name)};");
                }

                writer.Line("var shape = gradOutput.Shape;");
                var leading = output.Shape.IsSequence ? new[] { "batch", OpWriter.Steps(output.Shape) } : new[] { "batch" };
                var checks = string.Concat(leading.Select((size, axis) => $" || shape[{Int(axis)}] != {size}"))
                             + string.Concat(output.Shape.Dimensions.Select((d, axis) => $" || shape[{Int(axis + leading.Length)}] != {Int(d)}"));
                var expected = "[" + string.Join(", ", leading.Select(size => "{" + size + "}").Concat(output.Shape.Dimensions.Select(Int))) + "]";
                using (writer.Block($"if (gradOutput.Device != Device || shape.Length != {Int(output.Shape.Rank + leading.Length)}{checks})"))
                {
                    writer.Line("throw new global::System.ArgumentException(");
                    using (writer.Indent())
                    {
                        var which = model.IsSequence ? "the shape of the last Forward's output" : "the batch of the last Forward";
                        writer.Line($"$\"{model.ClassName}.Backward expects gradOutput {expected} ({which}) on {{Device}}; \" +");
                        writer.Line("$\"got [{string.Join(\", \", shape)}] on {gradOutput.Device}.\",");
                        writer.Line("nameof(gradOutput));");
                    }
                }

                writer.Line();
                if (output.Flat)
                {
                    var last = model.Ops[model.Ops.Count - 1];
                    writer.Line("// The last layer writes its gradient through its own shape; a flat output is only a view of it.");
                    writer.Line($"gradOutput = gradOutput.Reshape(batch, {Dimensions(last.Y.Shape)});");
                }

                Dispatch(writer, "Backward", model.IsSequence ? $"{model.InputArguments}, gradOutput, plan, batch, {model.StepArguments}, inputGradient" : "input, gradOutput, plan, batch, inputGradient");
                writer.Line();
                writer.Line(model.TokenInput ? "return null;" : $"return inputGradient ? plan.{model.Inputs[0].GradientStem} : null;");
            }
        }

        private static void EmitPlanFor(IndentedWriter writer, LoweredModel model)
        {
            var (parameters, match, arguments) = model.SecondInput is { } second
                ? ("int batch, " + model.StepParameters, $"plan.Batch == batch && plan.Steps == steps && plan.{OpWriter.StepsField(second.Name)} == {second.Name}Steps", "batch, " + model.StepArguments)
                : model.IsSequence
                ? ("int batch, int steps", "plan.Batch == batch && plan.Steps == steps", "batch, steps")
                : ("int batch", "plan.Batch == batch", "batch");
            using (writer.Block($"private MemoryPlan PlanFor({parameters})"))
            {
                using (writer.Block($"if (_plan is {{ }} plan && {match})"))
                {
                    writer.Line("return plan;");
                }

                writer.Line("_plan?.Dispose();");
                writer.Line($"return _plan = new MemoryPlan(Device, {arguments});");
            }

            if (!model.HasState)
            {
                return;
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

        /// <summary>Calls the GPU or the CPU body of <paramref name="method"/>.</summary>
        private static void Dispatch(IndentedWriter writer, string method, string arguments)
        {
            using (writer.Block("if (Device.IsGpu)"))
            {
                writer.Line($"{method}Gpu({arguments});");
            }

            using (writer.Block("else"))
            {
                writer.Line($"{method}Cpu({arguments});");
            }
        }

        /// <summary>A shape as IModel reports it, with −1 for the time dimension (its length when fixed at build time).</summary>
        private static string PublicShape(Shape shape) => shape.Sequence switch
        {
            SequenceKind.Features => (shape.HasStaticSteps ? Int(shape.Steps) : "-1") + ", " + Dimensions(shape),
            SequenceKind.Tokens => "-1",
            _ => Dimensions(shape),
        };
    }
}
