using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[AttentionGru(hidden, MemoryFrom = nameof(Encoder))]</c>, d2l's <c>Seq2SeqAttentionDecoder</c> without its
    /// embedding and dense head: a GRU whose every step attends over the memory [S, K] (additive attention, the previous
    /// state as the query, keys past the memory's lengths masked) and feeds [context, x_t] to its cell. Input [T, E] (the
    /// target's features), output [T, hidden], the memory the op's second input (<see cref="LayerSpec.Sources"/>), on its
    /// own time axis or the same. The generated code calls the runtime's <c>AttentionGruCpu</c> / <c>AttentionGruGpu</c>
    /// (their tapes live in the memory plan). <c>StateFromMemory = true</c> starts from the memory's last valid step (the
    /// encoder GRU's final state, as d2l starts the decoder), gathered by <c>LastStep</c>, whose backward adds dh0 into the
    /// memory's gradient; the memory must then be hidden wide (STRATA0091). A memory that is not a sequence of feature
    /// vectors is STRATA0092, a missing MemoryFrom STRATA0093. No carried state across batches, and no ONNX form.
    /// </summary>
    internal sealed class AttentionGru : LayerDefinition
    {
        public static readonly AttentionGru Definition = new();

        public override LayerKind Kind => LayerKind.AttentionGru;

        public override string Name => "AttentionGru";

        public override string Example => "AttentionGru(32, MemoryFrom = nameof(Encoder))";

        public override string HandleType => "Strata.AttentionGru";

        public override bool TakesActivation => false;

        public override string? NoOnnxForm =>
            "an AttentionGru layer (a GRU with additive attention inside its recurrence), for which ONNX opset 17 has no operator; run the model in Strata";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var hidden = arguments.ConstructorInt("hidden");
            var memory = arguments.NamedString("MemoryFrom");
            return hidden is null
                ? null
                : spec with
                {
                    Size = hidden,
                    AttentionHidden = arguments.NamedInt("AttentionHidden"),
                    StateFromMemory = arguments.NamedBool("StateFromMemory", fallback: false),
                    Sources = memory is null ? default : EquatableArray.Create(memory),
                };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!TransformerShapes.NeedsFeatureSequence(context)
                || !SizeChecks.IsPositive(context, layer.Size!, "hidden", ", e.g. [AttentionGru(32, MemoryFrom = nameof(Encoder))]"))
            {
                return null;
            }

            var hidden = layer.Size!.Value;
            if (layer.AttentionHidden is { IsExplicit: true } attention
                && !SizeChecks.IsPositive(context, attention, "AttentionHidden", ", or leave it out for as many as hidden"))
            {
                return null;
            }

            if (layer.Sources.Count == 0)
            {
                context.Report(DiagnosticDescriptors.DecoderWithoutMemory, layer.AttributeLocation, layer.Name, hidden);
                return null;
            }

            var source = layer.Sources[0];
            if (context.Resolve(source) is not { } memory || !MemoryFits(context, memory, hidden))
            {
                return null;
            }

            var width = memory[0];
            var a = AttentionFeatures(layer);
            const string Fix = "use a smaller hidden size";
            if (!SizeChecks.Fits(context, "rnn.weight_ih_l0", new long[] { 3L * hidden, (long)width + context.Input[0] }, layer.Size, Fix)
                || !SizeChecks.Fits(context, "rnn.weight_hh_l0", new long[] { 3L * hidden, hidden }, layer.Size, Fix)
                || !SizeChecks.Fits(context, "attention.W_k.weight", new long[] { a, width }, layer.Size, Fix))
            {
                return null;
            }

            var output = context.Input with { Dimensions = EquatableArray.Create(hidden) };
            return new ShapedLayer(layer, context.Input, output, 0, 0, 0, 0, memory);
        }

        /// <summary>d2l's state_dict order: attention.W_q, W_k, w_v (no biases), then the GRU's; Xavier-uniform weights and zero biases, as d2l's init_seq2seq and the runtime's AttentionSeq2Seq.</summary>
        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var (name, hidden, a) = (layer.Spec.Name, layer.Spec.Size!.Value, AttentionFeatures(layer.Spec));
            var (width, input) = (layer.Second![0], layer.Input[0]);
            yield return new ParameterPlan(name + ".attention.W_q.weight", field + "QueryWeight", Shape.Of(a, hidden), FanIn: hidden, Xavier: true);
            yield return new ParameterPlan(name + ".attention.W_k.weight", field + "KeyWeight", Shape.Of(a, width), FanIn: width, Xavier: true);
            yield return new ParameterPlan(name + ".attention.w_v.weight", field + "ScoreWeight", Shape.Of(1, a), FanIn: a, Xavier: true);
            yield return new ParameterPlan(name + ".rnn.weight_ih_l0", field + "WeightIhL0", Shape.Of(3 * hidden, width + input), FanIn: width + input, Xavier: true);
            yield return new ParameterPlan(name + ".rnn.weight_hh_l0", field + "WeightHhL0", Shape.Of(3 * hidden, hidden), FanIn: hidden, Xavier: true);
            yield return new ParameterPlan(name + ".rnn.bias_ih_l0", field + "BiasIhL0", Shape.Of(3 * hidden), FanIn: 0, Constant: 0f);
            yield return new ParameterPlan(name + ".rnn.bias_hh_l0", field + "BiasHhL0", Shape.Of(3 * hidden), FanIn: 0, Constant: 0f);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            foreach (var (suffix, name) in new[]
            {
                ("QueryWeight", "attention.W_q.weight"), ("KeyWeight", "attention.W_k.weight"), ("ScoreWeight", "attention.w_v.weight"),
                ("WeightIhL0", "rnn.weight_ih_l0"), ("WeightHhL0", "rnn.weight_hh_l0"), ("BiasIhL0", "rnn.bias_ih_l0"), ("BiasHhL0", "rnn.bias_hh_l0"),
            })
            {
                yield return new ReservedField(field + suffix, $"the private field that holds {spec.Name}.{name}");
            }
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) =>
            string.Join(", ", parameters.Select(p => p.Field)) + ", " + Literals.Int(layer.Spec.Size!.Value) + ", " +
            Literals.Int(AttentionFeatures(layer.Spec)) + ", " + (layer.Spec.StateFromMemory ? "true" : "false");

        public override OpArgs Arguments(ShapedLayer layer) =>
            new AttentionGruArgs(layer.Spec.Size!.Value, AttentionFeatures(layer.Spec), layer.Spec.StateFromMemory);

        /// <summary>Both devices' tapes, the attention weights [N, T, S], and for StateFromMemory the initial state and its gradients.</summary>
        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var (stem, args, memory) = (op.Stem, (AttentionGruArgs)op.Args, Memory(op));
            plan.Member($"{TypeNames.Cpu}.AttentionGruTape", stem + "Tape", $"new {TypeNames.Cpu}.AttentionGruTape()", "What " + op.Layer + "'s backward reads on the CPU");
            plan.Member("global::Strata.Gpu.AttentionGruGpuTape", stem + "GpuTape", "new global::Strata.Gpu.AttentionGruGpuTape()", "What " + op.Layer + "'s backward reads on a GPU, allocated there on first use", disposable: true);
            plan.Tensor(stem + "Attention", $"batch, {OpWriter.Steps(op.X.Shape)}, {OpWriter.Steps(memory.Shape)}", "The attention weights of " + op.Layer + " per target step over the memory's steps (0 past a memory's length)");
            if (memory.Shape.HasStaticSteps)
            {
                plan.Member("int[]", stem + "MemoryLengths", $"global::System.Linq.Enumerable.Repeat({Literals.Int(memory.Shape.Steps)}, batch).ToArray()", "The memory's lengths of " + op.Layer + ": all its fixed steps");
            }

            if (args.StateFromMemory)
            {
                plan.Tensor(stem + "InitialState", "batch, " + Literals.Int(args.Hidden), "The initial state of " + op.Layer + ": its memory's last valid step");
                plan.Tensor(stem + "InitialStateGrad", "batch, " + Literals.Int(args.Hidden), "The gradient of " + op.Layer + "'s initial state");
                plan.Tensor(stem + "MemoryGradFromState", MemoryPlanEmitter.Sizes(memory.Shape), "The share of " + op.Layer + "'s memory gradient that flows through its initial state");
            }
        }

        public override void Forward(OpWriter w)
        {
            var (op, args, memory) = (w.Op, (AttentionGruArgs)w.Op.Args, Memory(w.Op));
            var gpu = w.Target == Target.Gpu;
            var h0 = "null";
            if (args.StateFromMemory)
            {
                h0 = $"plan.{op.Stem}InitialState";
                w.Line(
                    $"{LastStep(w.Target)}Forward(batch, {OpWriter.Steps(memory.Shape)}, {Literals.Named("hidden", args.Hidden)}, directions: 1, {MemoryLengths(op)}, " +
                    $"{TensorExpressions.Value(memory)}, {h0});");
            }

            w.Line(gpu
                ? $"global::Strata.Gpu.AttentionGruGpu.Forward({Geometry(op)}, {w.X}, {TensorExpressions.Value(memory)}, {MemoryLengths(op)}, {OpWriter.Lengths(op.X.Shape, "plan.")}, " +
                  $"{h0}, {op.Field}.Weights, {w.Y}, plan.{op.Stem}GpuTape, null, plan.{op.Stem}Attention);"
                : $"{TypeNames.Cpu}.AttentionGruCpu.Forward({Geometry(op)}, {w.X}, {TensorExpressions.Value(memory)}, {MemoryLengths(op)}, {OpWriter.Lengths(op.X.Shape, "plan.")}, " +
                  $"{h0}, {op.Field}.Weights, {w.Y}, plan.{op.Stem}Tape, _workspace, null, plan.{op.Stem}Attention);");
        }

        /// <summary>BPTT through the decoder; the memory's gradient gets the attention's share and, from the initial state, its last valid step's.</summary>
        public override void Backward(OpWriter w)
        {
            var (op, args, memory) = (w.Op, (AttentionGruArgs)w.Op.Args, Memory(w.Op));
            var gpu = w.Target == Target.Gpu;
            var dMemory = memory.Need switch
            {
                InputGradientNeed.Always => TensorExpressions.Gradient(memory),
                InputGradientNeed.WhenRequested => "inputGradient ? " + TensorExpressions.Gradient(memory) + " : null",
                _ => "null",
            };
            var dh0 = args.StateFromMemory && memory.Need is not null ? $"plan.{op.Stem}InitialStateGrad" : "null";
            w.Line(gpu
                ? $"global::Strata.Gpu.AttentionGruGpu.Backward({Geometry(op)}, {TensorExpressions.Value(memory)}, {MemoryLengths(op)}, {OpWriter.Lengths(op.X.Shape, "plan.")}, " +
                  $"{op.Field}.Weights, plan.{op.Stem}GpuTape, {w.GradY}, null, {op.Field}.Gradients, {w.GradXArgument}, {dMemory}, {dh0});"
                : $"{TypeNames.Cpu}.AttentionGruCpu.Backward({Geometry(op)}, {TensorExpressions.Value(memory)}, {MemoryLengths(op)}, {OpWriter.Lengths(op.X.Shape, "plan.")}, " +
                  $"{op.Field}.Weights, plan.{op.Stem}Tape, {w.GradY}, null, {op.Field}.Gradients, _workspace, {w.GradXArgument}, {dMemory}, {dh0});");
            if (dh0 != "null")
            {
                w.WhenGradientNeeded(memory, () =>
                {
                    w.Line(
                        $"{LastStep(w.Target)}Backward(batch, {OpWriter.Steps(memory.Shape)}, {Literals.Named("hidden", args.Hidden)}, directions: 1, {MemoryLengths(op)}, " +
                        $"{dh0}, plan.{op.Stem}MemoryGradFromState);");
                    w.Line($"{w.Target.Kernel("Elementwise")}.AddTo(plan.{op.Stem}MemoryGradFromState, {TensorExpressions.Gradient(memory)});");
                });
            }
        }

        public override string? AttentionWeights(Op op) => op.Stem + "Attention";

        public override void Onnx(OnnxWriter w) => w.Line("// AttentionGru has no ONNX form; ExportOnnx throws before it gets here.");

        public override string Describe(ShapedLayer layer) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "AttentionGru {0}→{1}, additive attention {2} over {3}{4}",
                layer.Input[0],
                layer.Spec.Size!.Value,
                AttentionFeatures(layer.Spec),
                ShapeContext.Named(layer.Spec.Sources[0]),
                layer.Spec.StateFromMemory ? ", from its last state" : string.Empty);

        /// <summary>
        /// Per target step: the query projection, the GRU's input (context and x) and hidden gates; the attention over the
        /// memory's steps (and the keys' projection, once per sequence) grows with them and is not counted.
        /// </summary>
        public override long Flops(ShapedLayer layer)
        {
            var (hidden, a) = ((long)layer.Spec.Size!.Value, (long)AttentionFeatures(layer.Spec));
            return 2 * (a * hidden + 3 * hidden * (layer.Second![0] + layer.Input[0]) + 3 * hidden * hidden);
        }

        private static int AttentionFeatures(LayerSpec spec) =>
            spec.AttentionHidden is { IsExplicit: true } a ? a.Value : spec.Size!.Value;

        private static TensorRef Memory(Op op) => op.Inputs[1];

        private static string MemoryLengths(Op op) =>
            Memory(op).Shape.HasStaticSteps ? $"plan.{op.Stem}MemoryLengths" : OpWriter.Lengths(Memory(op).Shape, "plan.");

        private static string LastStep(Target target) =>
            target == Target.Gpu ? "global::Strata.Gpu.SequenceGpu.LastStep" : TypeNames.Cpu + ".LastStepCpu.";

        private static string Geometry(Op op)
        {
            var args = (AttentionGruArgs)op.Args;
            var memory = Memory(op);
            return $"new {TypeNames.Cpu}.AttentionGruGeometry(Batch: batch, TargetSteps: {OpWriter.Steps(op.X.Shape)}, SourceSteps: {OpWriter.Steps(memory.Shape)}, " +
                $"{Literals.Named("InputSize", op.X.Shape[0])}, {Literals.Named("MemoryWidth", memory.Shape[0])}, {Literals.Named("Hidden", args.Hidden)}, {Literals.Named("AttentionHidden", args.AttentionHidden)})";
        }

        /// <summary>The memory must be a sequence of feature vectors (STRATA0092), hidden wide when the state starts from it (STRATA0091).</summary>
        private static bool MemoryFits(ShapeContext context, Shape memory, int hidden)
        {
            var layer = context.Layer;
            var source = layer.Sources[0];
            string? fix = null;
            if (!memory.IsSequence)
            {
                fix = memory.Rank == 3
                    ? "the memory must be a sequence [S, features]: make the image a sequence first, e.g. [ToSequence(SequenceAxis.Columns)], and read that"
                    : "the memory must be a sequence [S, features], e.g. the encoder's [Gru(" + Literals.Int(hidden) + ")] over the source, which returns sequences by default";
            }
            else if (memory.Sequence == SequenceKind.Tokens)
            {
                fix = "the memory must be feature vectors, not token ids: encode them first, e.g. [Embedding(vocabulary, 32)] then [Gru(" + Literals.Int(hidden) + ")], and read that";
            }

            if (fix is not null)
            {
                context.Report(DiagnosticDescriptors.DecoderMemoryNotSequence, source.Location, layer.Name, memory, ShapeContext.Describe(source), fix);
                return false;
            }

            if (layer.StateFromMemory && memory[0] != hidden)
            {
                var reported = Literals.Int(memory[0]);
                context.Report(
                    DiagnosticDescriptors.DecoderMemoryWidth, source.Location, layer.Name, hidden, memory, ShapeContext.Describe(source), reported,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "give the decoder the encoder's width, [AttentionGru({0}, MemoryFrom = ...)], or the encoder the decoder's, {1}, or leave out StateFromMemory to start from zeros",
                        memory[0],
                        ShapeContext.Describe(source) + " with " + hidden.ToString(CultureInfo.InvariantCulture) + " features"));
                return false;
            }

            return true;
        }
    }

    /// <summary>An AttentionGru layer's state features, attention features, and whether it starts from its memory's last step.</summary>
    internal sealed record AttentionGruArgs(int Hidden, int AttentionHidden, bool StateFromMemory) : OpArgs;
}
