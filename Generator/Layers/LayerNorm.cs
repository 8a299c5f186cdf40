using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[LayerNorm(eps: 1e-5)]</c>, PyTorch's <c>nn.LayerNorm</c> over each sample's whole shape: a vector [F] over its
    /// features, each step [F] of a sequence over its features (rows = batch · steps; padded steps are normalised like the
    /// others, and nothing downstream reads them), an image [C, H, W] over all C·H·W values (<c>nn.LayerNorm([C, H, W])</c>).
    /// It has the elementwise affine parameters weight and bias of the normalised shape (1 and 0 at first); training and
    /// evaluation compute the same. It takes no activation. ONNX: LayerNormalization (opset 17) from axis 1, or axis 2 (the
    /// features) for a sequence [N, T, F].
    /// </summary>
    internal sealed class LayerNorm : LayerDefinition
    {
        public static readonly LayerNorm Definition = new();

        public override LayerKind Kind => LayerKind.LayerNorm;

        public override string Name => "LayerNorm";

        public override string Example => "LayerNorm";

        public override string HandleType => "Strata.LayerNorm";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var eps = arguments.ConstructorReal("eps");
            return eps is null ? null : spec with { Eps = eps };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!SequenceShapes.AcceptsFeatures(context))
            {
                return null;
            }

            var eps = layer.Eps!;
            // NaN fails every comparison; values that round to a float outside the range would too.
            if (!(eps.Value > 0 && (float)eps.Value > 0f && !float.IsInfinity((float)eps.Value)))
            {
                context.Report(
                    DiagnosticDescriptors.BatchNormArgumentOutOfRange, eps.Location, Name, layer.Name, "eps", Real(eps.Value),
                    "eps is added to the variance before its square root and must be positive and finite as a float, e.g. [LayerNorm(eps: 1e-5)]");
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input, 0, 0, 0, 0);
        }

        /// <summary>weight and bias of the normalised shape: [F] for vectors and sequence steps, [C, H, W] for images.</summary>
        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            var shape = new Shape(layer.Input.Dimensions);
            yield return new ParameterPlan(layer.Spec.Name + ".weight", field + "Weight", shape, FanIn: 0, Constant: 1f);
            yield return new ParameterPlan(layer.Spec.Name + ".bias", field + "Bias", shape, FanIn: 0, Constant: 0f);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
            yield return new ReservedField(field + "Bias", $"the private field that holds {spec.Name}.bias");
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) =>
            parameters[0].Field + ", " + parameters[1].Field;

        public override OpArgs Arguments(ShapedLayer layer) => new LayerNormArgs((float)layer.Spec.Eps!.Value);

        /// <summary>The mean and 1/√(σ² + ε) per row that forward used, for backward.</summary>
        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var rows = op.X.Shape.IsSequence ? "batch, " + OpWriter.Steps(op.X.Shape) : "batch";
            plan.Tensor(SavedMean(op), rows, "The mean per row that " + op.Layer + " normalised with");
            plan.Tensor(SavedInvStd(op), rows, "1/√(variance + eps) per row that " + op.Layer + " normalised with");
        }

        public override void Forward(OpWriter w)
        {
            var args = (LayerNormArgs)w.Op.Args;
            w.Line(
                $"{w.Target.Kernel("LayerNorm")}.Forward({Sizes(w.Op)}, eps: {Literals.Float(args.Eps)}, " +
                $"{w.X}, {w.Parameter("Weight")}.Value, {w.Parameter("Bias")}.Value, plan.{SavedMean(w.Op)}, plan.{SavedInvStd(w.Op)}, {w.Y});");
        }

        /// <summary>The parameters' gradients (unless frozen), and the input's when needed.</summary>
        public override void Backward(OpWriter w) =>
            w.Line(
                $"{w.Target.Kernel("LayerNorm")}.Backward({Sizes(w.Op)}, {w.X}, {w.Parameter("Weight")}.Value, plan.{SavedMean(w.Op)}, plan.{SavedInvStd(w.Op)}, " +
                $"{w.GradY}, {w.GradXArgument}, {w.ParameterGradient("Weight")}, {w.ParameterGradient("Bias")});");

        /// <summary>LayerNormalization over the sample (axis 1), or over a sequence step's features (axis 2).</summary>
        public override void Onnx(OnnxWriter w)
        {
            var args = (LayerNormArgs)w.Op.Args;
            w.Initializers();
            w.Node(
                "LayerNormalization",
                new[] { w.Input, w.Op.Layer + ".weight", w.Op.Layer + ".bias" },
                w.Output,
                OnnxWriter.IntAttribute("axis", w.Op.X.Shape.IsSequence ? 2 : 1),
                $"{OnnxWriter.Attribute}.Float({Literals.String("epsilon")}, {Literals.Float(args.Eps)})");
        }

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder("LayerNorm over ").Append(layer.Input.IsSequence ? "each step's " : string.Empty)
                .Append("[").Append(string.Join(", ", layer.Input.Dimensions)).Append("]");
            if (layer.Spec.Eps!.IsExplicit)
            {
                text.Append(", eps ").Append(Real(layer.Spec.Eps.Value));
            }

            return text.ToString();
        }

        /// <summary>The statistics (two adds and a multiply) and the affine normalisation (a subtract and two multiply-adds) per element, counted as eight.</summary>
        public override long Flops(ShapedLayer layer) => 8L * layer.Output.Elements;

        private static string Sizes(Op op) =>
            $"{OpWriter.Rows(op.X)}, {Literals.Named("size", op.X.Shape.Elements)}";

        private static string SavedMean(Op op) => op.Stem + "SavedMean";

        private static string SavedInvStd(Op op) => op.Stem + "SavedInvStd";

        private static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>LayerNorm's eps, as the float the kernels use.</summary>
    internal sealed record LayerNormArgs(float Eps) : OpArgs;
}
