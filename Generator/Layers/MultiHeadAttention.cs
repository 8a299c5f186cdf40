using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strata.Generator.Activations;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[MultiHeadAttention(heads)]</c>, PyTorch's <c>nn.MultiheadAttention(d, heads, batch_first=True)</c> as
    /// self-attention, <c>attn(x, x, x, key_padding_mask)</c>: [T, d] → [T, d]. The packed input projection
    /// (<c>X.in_proj_weight</c> [3d, d], Xavier uniform; <c>X.in_proj_bias</c> [3d], 0) runs as a per-step Dense into a
    /// plan buffer, the runtime's <c>Attention</c> kernels compute the weights per head (keys past a sequence's length get
    /// none; padded query steps attend to the valid keys, as in PyTorch) and the context, and the output projection
    /// (<c>X.out_proj.weight</c> [d, d], U(−1/√d, 1/√d); <c>X.out_proj.bias</c> [d], 0) runs as another. Heads that do
    /// not divide d are STRATA0076. <c>Dropout = p</c> is PyTorch's attention dropout: in training the kernels draw a mask
    /// [N, heads, T, T] from the model's dropout generator (as <c>[Dropout]</c> does, so both devices drop the same weights)
    /// and weight the values with P ⊙ mask; a p outside [0, 1) is STRATA0086. <c>KeysFrom = nameof(M)</c> is
    /// cross-attention: queries from the layer's input [Tq, d], keys and values from M's output [Tk, d] with M's lengths as
    /// the key-padding mask (the op's second input, <see cref="LayerSpec.Sources"/>); keys that are not a feature sequence
    /// d wide are STRATA0087. The packed in_proj_weight projects both inputs whole (the rows a side does not use are
    /// computed and ignored: the runtime's tensors have no row views), and the weight's gradient from the keys' side is
    /// added to the queries'. ONNX: <c>Strata.Onnx.AttentionOnnx</c> (MatMul, Softmax, Transpose, Reshape, and an
    /// additive mask from the lengths input).
    /// </summary>
    internal sealed class MultiHeadAttention : LayerDefinition
    {
        public static readonly MultiHeadAttention Definition = new();

        public override LayerKind Kind => LayerKind.MultiHeadAttention;

        public override string Name => "MultiHeadAttention";

        public override string Example => "MultiHeadAttention(4)";

        public override string HandleType => "Strata.MultiHeadAttention";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var heads = arguments.ConstructorInt("heads");
            var dropout = arguments.NamedDouble("Dropout");
            var keys = arguments.NamedString("KeysFrom");
            return heads is null
                ? null
                : spec with
                {
                    Size = heads,
                    Probability = new RealArgument(dropout.Value, dropout.Location, dropout.Value != 0),
                    Sources = keys is null ? default : EquatableArray.Create(keys),
                };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            var input = context.Input;
            if (!TransformerShapes.NeedsFeatureSequence(context))
            {
                return null;
            }

            if (!SizeChecks.IsPositive(context, layer.Size!, "heads", ", e.g. [MultiHeadAttention(4)]"))
            {
                return null;
            }

            var heads = layer.Size!.Value;
            var width = input[0];
            if (width % heads != 0)
            {
                context.Report(
                    DiagnosticDescriptors.HeadsDoNotDivideWidth, layer.Size.Location, Name, layer.Name, heads, width, input, context.Source,
                    Fix(heads, width));
                return null;
            }

            if (layer.Sources.Count > 0 && !KeysFit(context, width))
            {
                return null;
            }

            var dropout = layer.Probability;
            // NaN fails both comparisons; a value just below 1 that rounds to 1f would divide by zero in the kernels.
            if (dropout is not null && !(dropout.Value >= 0 && dropout.Value < 1 && (float)dropout.Value < 1f))
            {
                context.Report(
                    DiagnosticDescriptors.AttentionDropoutOutOfRange, dropout.Location, Name, layer.Name, input, dropout.Value.ToString("R", CultureInfo.InvariantCulture), heads);
                return null;
            }

            if (!SizeChecks.Fits(context, "in_proj_weight", new long[] { 3L * width, width }, layer.Size, "use a narrower sequence"))
            {
                return null;
            }

            return new ShapedLayer(layer, input, input, 0, 0, 0, 0);
        }

        /// <summary>PyTorch's state_dict order: in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias.</summary>
        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var width = layer.Input[0];
            var name = layer.Spec.Name;
            yield return new ParameterPlan(name + ".in_proj_weight", field + "InProjWeight", Shape.Of(3 * width, width), FanIn: width, Xavier: true);
            yield return new ParameterPlan(name + ".in_proj_bias", field + "InProjBias", Shape.Of(3 * width), FanIn: 0, Constant: 0f);
            yield return new ParameterPlan(name + ".out_proj.weight", field + "OutProjWeight", Shape.Of(width, width), FanIn: width);
            yield return new ParameterPlan(name + ".out_proj.bias", field + "OutProjBias", Shape.Of(width), FanIn: 0, Constant: 0f);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "InProjWeight", $"the private field that holds {spec.Name}.in_proj_weight");
            yield return new ReservedField(field + "InProjBias", $"the private field that holds {spec.Name}.in_proj_bias");
            yield return new ReservedField(field + "OutProjWeight", $"the private field that holds {spec.Name}.out_proj.weight");
            yield return new ReservedField(field + "OutProjBias", $"the private field that holds {spec.Name}.out_proj.bias");
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) =>
            string.Join(", ", parameters.Select(p => p.Field)) + ", " + Literals.Int(layer.Spec.Size!.Value);

        public override OpArgs Arguments(ShapedLayer layer) =>
            new MultiHeadAttentionArgs(layer.Spec.Size!.Value, (float)(layer.Spec.Probability?.Value ?? 0));

        /// <summary>Attention dropout draws a mask per training forward.</summary>
        public override bool DrawsMasks(Op op) => ((MultiHeadAttentionArgs)op.Args).Dropout > 0;

        /// <summary>The projections q, k, v, the attention weights and the context, and their gradients.</summary>
        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var steps = OpWriter.Steps(op.X.Shape);
            var width = op.X.Shape[0];
            var heads = ((MultiHeadAttentionArgs)op.Args).Heads;
            var stem = op.Stem;
            var packed = $"batch, {steps}, {Literals.Int(3 * width)}";
            var weights = $"batch, {Literals.Int(heads)}, {steps}, {OpWriter.Steps(Keys(op).Shape)}";
            if (IsCross(op))
            {
                var keyPacked = $"batch, {OpWriter.Steps(Keys(op).Shape)}, {Literals.Int(3 * width)}";
                plan.Tensor(stem + "KeyQkv", keyPacked, "The packed projections of " + op.Layer + "'s keys and values (their q columns unused)");
                plan.Tensor(stem + "GradKeyQkv", keyPacked, "The gradient of " + op.Layer + "'s packed key projections");
                plan.Tensor(stem + "InProjWeightGradKeys", $"{Literals.Int(3 * width)}, {Literals.Int(width)}", "The keys' share of " + op.Layer + ".in_proj_weight's gradient");
                plan.Tensor(stem + "InProjBiasGradKeys", Literals.Int(3 * width), "The keys' share of " + op.Layer + ".in_proj_bias's gradient");
            }

            var context = $"batch, {steps}, {Literals.Int(width)}";
            plan.Tensor(stem + "Qkv", packed, "The queries, keys and values of " + op.Layer + ", packed per step");
            plan.Tensor(stem + "AttentionWeights", weights, "The attention weights of " + op.Layer + " per head and query step");
            plan.Tensor(stem + "Context", context, "The heads' context of " + op.Layer + ", side by side, before the output projection");
            plan.Tensor(stem + "GradQkv", packed, "The gradient of " + op.Layer + "'s packed projections");
            plan.Tensor(stem + "GradScores", weights, "The gradient of " + op.Layer + "'s scores");
            plan.Tensor(stem + "GradContext", context, "The gradient of " + op.Layer + "'s context");
            if (((MultiHeadAttentionArgs)op.Args).Dropout > 0)
            {
                plan.Tensor(DropoutNames.Mask(stem), weights, "The attention-dropout mask of " + op.Layer + ": 0 or 1/(1 − p) in training, 1 in evaluation");
            }
        }

        public override void Forward(OpWriter w)
        {
            var (op, stem, width) = (w.Op, w.Op.Stem, w.Op.X.Shape[0]);
            var identity = Identity.Definition;
            var dense = w.Target.Kernel("Dense") + ".Forward" + w.Target.GenericActivation(identity);
            w.Line(
                $"{dense}({OpWriter.Rows(op.X)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(3 * width)}, {w.Target.ActivationArgument(identity)}" +
                $"{w.X}, {w.Parameter("InProjWeight")}.Value, {w.Parameter("InProjBias")}.Value, plan.{stem}Qkv{w.Target.Workspace()});");
            if (IsCross(op))
            {
                w.Line(
                    $"{dense}({OpWriter.Rows(Keys(op))}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(3 * width)}, {w.Target.ActivationArgument(identity)}" +
                    $"{TensorExpressions.Value(Keys(op))}, {w.Parameter("InProjWeight")}.Value, {w.Parameter("InProjBias")}.Value, plan.{stem}KeyQkv{w.Target.Workspace()});");
                w.Line(
                    $"{w.Target.Kernel("Attention")}.CrossForward({CrossSizes(op)}, plan.{stem}Qkv, plan.{stem}KeyQkv, plan.{stem}AttentionWeights, plan.{stem}Context{DropoutArguments(op)});");
            }
            else
            {
                w.Line(
                    $"{w.Target.Kernel("Attention")}.Forward({Sizes(op)}, plan.{stem}Qkv, plan.{stem}AttentionWeights, plan.{stem}Context{DropoutArguments(op)});");
            }

            w.Line(
                $"{dense}({OpWriter.Rows(op.X)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(width)}, {w.Target.ActivationArgument(identity)}" +
                $"plan.{stem}Context, {w.Parameter("OutProjWeight")}.Value, {w.Parameter("OutProjBias")}.Value, {w.Y}{w.Target.Workspace()});");
        }

        /// <summary>Back through the output projection, the attention, and the input projection.</summary>
        public override void Backward(OpWriter w)
        {
            var (op, stem, width) = (w.Op, w.Op.Stem, w.Op.X.Shape[0]);
            var identity = Identity.Definition;
            var dense = w.Target.Kernel("Dense") + ".Backward" + w.Target.GenericActivation(identity);
            w.Line(
                $"{dense}({OpWriter.Rows(op.X)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(width)}, {w.Target.ActivationArgument(identity)}" +
                $"plan.{stem}Context, {w.Parameter("OutProjWeight")}.Value, {w.Y}, {w.GradY}, plan.{stem}GradContext, " +
                $"{w.ParameterGradient("OutProjWeight")}, {w.ParameterGradient("OutProjBias")}{w.Target.Workspace()});");
            var mask = ((MultiHeadAttentionArgs)op.Args).Dropout > 0 ? ", plan." + DropoutNames.Mask(stem) : string.Empty;
            if (!IsCross(op))
            {
                w.Line(
                    $"{w.Target.Kernel("Attention")}.Backward({Sizes(op)}, plan.{stem}Qkv, plan.{stem}AttentionWeights, plan.{stem}GradContext, " +
                    $"plan.{stem}GradScores, plan.{stem}GradQkv{mask});");
                w.Line(
                    $"{dense}({OpWriter.Rows(op.X)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(3 * width)}, {w.Target.ActivationArgument(identity)}" +
                    $"{w.X}, {w.Parameter("InProjWeight")}.Value, plan.{stem}Qkv, plan.{stem}GradQkv, {w.GradXArgument}, " +
                    $"{w.ParameterGradient("InProjWeight")}, {w.ParameterGradient("InProjBias")}{w.Target.Workspace()});");
                return;
            }

            // Each side writes only its own columns of its packed gradient; the others must be 0 for the projections' backward.
            var keys = Keys(op);
            w.Line($"plan.{stem}GradQkv.Clear();");
            w.Line($"plan.{stem}GradKeyQkv.Clear();");
            w.Line(
                $"{w.Target.Kernel("Attention")}.CrossBackward({CrossSizes(op)}, plan.{stem}Qkv, plan.{stem}KeyQkv, plan.{stem}AttentionWeights, plan.{stem}GradContext, " +
                $"plan.{stem}GradScores, plan.{stem}GradQkv, plan.{stem}GradKeyQkv{mask});");
            w.Line(
                $"{dense}({OpWriter.Rows(op.X)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(3 * width)}, {w.Target.ActivationArgument(identity)}" +
                $"{w.X}, {w.Parameter("InProjWeight")}.Value, plan.{stem}Qkv, plan.{stem}GradQkv, {w.GradXArgument}, " +
                $"{w.ParameterGradient("InProjWeight")}, {w.ParameterGradient("InProjBias")}{w.Target.Workspace()});");
            var frozen = w.Parameter("InProjWeight") + ".IsFrozen";
            var keyGradient = keys.Need switch
            {
                InputGradientNeed.Always => TensorExpressions.Gradient(keys),
                InputGradientNeed.WhenRequested => "inputGradient ? " + TensorExpressions.Gradient(keys) + " : null",
                _ => "null",
            };
            w.Line(
                $"{dense}({OpWriter.Rows(keys)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(3 * width)}, {w.Target.ActivationArgument(identity)}" +
                $"{TensorExpressions.Value(keys)}, {w.Parameter("InProjWeight")}.Value, plan.{stem}KeyQkv, plan.{stem}GradKeyQkv, {keyGradient}, " +
                $"({frozen} ? null : plan.{stem}InProjWeightGradKeys), ({w.Parameter("InProjBias")}.IsFrozen ? null : plan.{stem}InProjBiasGradKeys){w.Target.Workspace()});");
            w.Line($"if (!{frozen}) {w.Target.Kernel("Elementwise")}.AddTo(plan.{stem}InProjWeightGradKeys, {w.Parameter("InProjWeight")}.Grad);");
            w.Line($"if (!{w.Parameter("InProjBias")}.IsFrozen) {w.Target.Kernel("Elementwise")}.AddTo(plan.{stem}InProjBiasGradKeys, {w.Parameter("InProjBias")}.Grad);");
        }

        public override void Onnx(OnnxWriter w)
        {
            var args = (MultiHeadAttentionArgs)w.Op.Args;
            w.Initializers();
            if (IsCross(w.Op))
            {
                w.Line(
                    $"global::Strata.Onnx.AttentionOnnx.CrossAttention(graph, {Literals.String(w.Op.Layer)}, {Literals.Int(w.Op.X.Shape[0])}, {Literals.Int(args.Heads)}, " +
                    $"{Literals.String(w.Inputs[0])}, {Literals.String(w.Inputs[1])}, {Literals.String(w.Output)}, {(Keys(w.Op).Shape.HasStaticSteps ? "null" : "\"lengths\"")});");
                return;
            }

            w.Line(
                $"global::Strata.Onnx.AttentionOnnx.SelfAttention(graph, {Literals.String(w.Op.Layer)}, {Literals.Int(w.Op.X.Shape[0])}, {Literals.Int(args.Heads)}, " +
                $"{Literals.String(w.Input)}, {Literals.String(w.Output)}, {(w.Op.X.Shape.HasStaticSteps ? "null" : "\"lengths\"")});");
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "MultiHeadAttention {0} heads of {1}", layer.Spec.Size!.Value, layer.Input[0] / layer.Spec.Size.Value) +
            (layer.Spec.Sources.Count > 0 ? ", keys from " + ShapeContext.Named(layer.Spec.Sources[0]) : string.Empty) +
            (layer.Spec.Probability is { Value: > 0 } p ? ", dropout " + ((float)p.Value).ToString("R", CultureInfo.InvariantCulture) : string.Empty);

        /// <summary>
        /// Per step, the four projections (4·d² multiply-adds; cross-attention projects its keys' steps too, which this per
        /// query step count leaves out); the attention itself grows with the steps and is not counted.
        /// </summary>
        public override long Flops(ShapedLayer layer) => 2L * 4 * layer.Input[0] * layer.Input[0];

        private static string Sizes(Op op) =>
            $"batch, {OpWriter.Steps(op.X.Shape)}, heads: {Literals.Int(((MultiHeadAttentionArgs)op.Args).Heads)}, width: {Literals.Int(op.X.Shape[0])}, " +
            OpWriter.Lengths(op.X.Shape, "plan.");


        /// <summary>Whether it is cross-attention: keys and values from its second input.</summary>
        private static bool IsCross(Op op) => op.Inputs.Count > 1;

        /// <summary>The tensor that gives the keys and values: the second input, or the queries' own for self-attention.</summary>
        private static TensorRef Keys(Op op) => op.Inputs[op.Inputs.Count - 1];

        private static string CrossSizes(Op op) =>
            $"batch, queries: {OpWriter.Steps(op.X.Shape)}, keys: {OpWriter.Steps(Keys(op).Shape)}, heads: {Literals.Int(((MultiHeadAttentionArgs)op.Args).Heads)}, " +
            $"width: {Literals.Int(op.X.Shape[0])}, {OpWriter.Lengths(Keys(op).Shape, "plan.")}";

        /// <summary>
        /// Cross-attention's keys and values: a sequence of feature vectors as wide as the queries (the packed in_proj_weight
        /// [3d, d] projects both), else STRATA0087 at <c>KeysFrom</c> with both shapes and the fix.
        /// </summary>
        private bool KeysFit(ShapeContext context, int width)
        {
            var layer = context.Layer;
            var source = layer.Sources[0];
            if (context.Resolve(source) is not { } keys)
            {
                return false;
            }

            string? fix = null;
            if (!keys.IsSequence)
            {
                fix = keys.Rank == 3
                    ? "the keys must be a sequence of feature vectors: make the image a sequence first, e.g. [ToSequence(SequenceAxis.Pixels)] or [PatchEmbedding(" + Literals.Int(width) + ", patch)], and read that"
                    : "the keys must be a sequence [Tk, " + Literals.Int(width) + "] of feature vectors, e.g. the output of a recurrent layer with ReturnSequences or of an [Embedding]";
            }
            else if (keys.Sequence == SequenceKind.Tokens)
            {
                fix = "the keys must be feature vectors, not token ids: read an [Embedding(vocabulary, " + Literals.Int(width) + ")] of them instead";
            }
            else if (keys[0] != width)
            {
                fix = string.Format(
                    CultureInfo.InvariantCulture,
                    "the keys are {0} wide but the queries {1}, and in_proj_weight [{2}, {1}] projects both (PyTorch's kdim = embed_dim); give {3} a per-step [Dense({1})] and read that, or make the queries {0} wide",
                    keys[0], width, 3 * width, ShapeContext.Describe(source));
            }

            if (fix is null)
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.AttentionKeysDoNotFit, source.Location, Name, layer.Name, context.Input, context.Source, keys, ShapeContext.Describe(source), fix);
            return false;
        }

        /// <summary>With attention dropout, the mask, p, the model's generator and the mode; nothing without.</summary>
        private static string DropoutArguments(Op op)
        {
            var p = ((MultiHeadAttentionArgs)op.Args).Dropout;
            return p > 0 ? $", plan.{DropoutNames.Mask(op.Stem)}, {Literals.Float(p)}, {DropoutNames.Random}, _isTraining" : string.Empty;
        }

        private static string Fix(int heads, int width)
        {
            var divisors = Enumerable.Range(1, System.Math.Min(width, 64)).Where(d => width % d == 0).ToList();
            var nearest = divisors.OrderBy(d => System.Math.Abs(d - heads)).ThenByDescending(d => d).First();
            return string.Format(
                CultureInfo.InvariantCulture,
                "use a number of heads that divides {0}, e.g. [MultiHeadAttention({1})], or make the width a multiple of {2}",
                width,
                nearest,
                heads);
        }
    }

    /// <summary>The number of heads of a MultiHeadAttention layer and its attention dropout (0 for none).</summary>
    internal sealed record MultiHeadAttentionArgs(int Heads, float Dropout) : OpArgs;
}
