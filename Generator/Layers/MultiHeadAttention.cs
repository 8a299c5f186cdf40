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
    /// and weight the values with P ⊙ mask; a p outside [0, 1) is STRATA0300. ONNX: <c>Strata.Onnx.AttentionOnnx</c> (MatMul, Softmax, Transpose, Reshape, and an
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
            return heads is null ? null : spec with { Size = heads, Probability = new RealArgument(dropout.Value, dropout.Location, dropout.Value != 0) };
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
            var weights = $"batch, {Literals.Int(heads)}, {steps}, {steps}";
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
            w.Line(
                $"{w.Target.Kernel("Attention")}.Forward({Sizes(op)}, plan.{stem}Qkv, plan.{stem}AttentionWeights, plan.{stem}Context{DropoutArguments(op)});");
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
            w.Line(
                $"{w.Target.Kernel("Attention")}.Backward({Sizes(op)}, plan.{stem}Qkv, plan.{stem}AttentionWeights, plan.{stem}GradContext, " +
                $"plan.{stem}GradScores, plan.{stem}GradQkv{(((MultiHeadAttentionArgs)op.Args).Dropout > 0 ? ", plan." + DropoutNames.Mask(stem) : string.Empty)});");
            w.Line(
                $"{dense}({OpWriter.Rows(op.X)}, inFeatures: {Literals.Int(width)}, outFeatures: {Literals.Int(3 * width)}, {w.Target.ActivationArgument(identity)}" +
                $"{w.X}, {w.Parameter("InProjWeight")}.Value, plan.{stem}Qkv, plan.{stem}GradQkv, {w.GradXArgument}, " +
                $"{w.ParameterGradient("InProjWeight")}, {w.ParameterGradient("InProjBias")}{w.Target.Workspace()});");
        }

        public override void Onnx(OnnxWriter w)
        {
            var args = (MultiHeadAttentionArgs)w.Op.Args;
            w.Initializers();
            w.Line(
                $"global::Strata.Onnx.AttentionOnnx.SelfAttention(graph, {Literals.String(w.Op.Layer)}, {Literals.Int(w.Op.X.Shape[0])}, {Literals.Int(args.Heads)}, " +
                $"{Literals.String(w.Input)}, {Literals.String(w.Output)}, {(w.Op.X.Shape.HasStaticSteps ? "null" : "\"lengths\"")});");
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "MultiHeadAttention {0} heads of {1}", layer.Spec.Size!.Value, layer.Input[0] / layer.Spec.Size.Value) +
            (layer.Spec.Probability is { Value: > 0 } p ? ", dropout " + ((float)p.Value).ToString("R", CultureInfo.InvariantCulture) : string.Empty);

        /// <summary>Per step, the four projections (4·d² multiply-adds); the attention itself grows with the steps and is not counted.</summary>
        public override long Flops(ShapedLayer layer) => 2L * 4 * layer.Input[0] * layer.Input[0];

        private static string Sizes(Op op) =>
            $"batch, {OpWriter.Steps(op.X.Shape)}, heads: {Literals.Int(((MultiHeadAttentionArgs)op.Args).Heads)}, width: {Literals.Int(op.X.Shape[0])}, " +
            OpWriter.Lengths(op.X.Shape, "plan.");


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
