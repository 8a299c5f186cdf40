using System.Collections.Generic;
using System.Globalization;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[PositionEmbedding(maxSteps)]</c>, learned positions added to a sequence [T, d]: <c>X.weight</c> [maxSteps, d],
    /// N(0, 1) as <c>nn.Embedding</c>. A step count fixed at build time above maxSteps is STRATA0077; a longer sequence at
    /// run time throws in the kernel. ONNX: <c>Strata.Onnx.PositionOnnx.Learned</c> (Slice of the weight, Add).
    /// </summary>
    internal sealed class PositionEmbedding : LayerDefinition
    {
        public static readonly PositionEmbedding Definition = new();

        public override LayerKind Kind => LayerKind.PositionEmbedding;

        public override string Name => "PositionEmbedding";

        public override string Example => "PositionEmbedding(64)";

        public override string HandleType => "Strata.PositionEmbedding";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var maxSteps = arguments.ConstructorInt("maxSteps");
            return maxSteps is null ? null : spec with { Size = maxSteps };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!TransformerShapes.NeedsFeatureSequence(context)
                || !SizeChecks.IsPositive(context, layer.Size!, "maxSteps", ", e.g. [PositionEmbedding(64)] for sequences of up to 64 steps")
                || !SizeChecks.Fits(context, "weight", new long[] { layer.Size!.Value, context.Input[0] }, layer.Size, "learn fewer positions"))
            {
                return null;
            }

            if (context.Input.HasStaticSteps && context.Input.Steps > layer.Size.Value)
            {
                context.Report(
                    DiagnosticDescriptors.PositionsExceedMaxSteps, layer.Size.Location, Name, layer.Name, layer.Size.Value, context.Input, context.Source, context.Input.Steps);
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input, 0, 0, 0, 0);
        }

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            yield return new ParameterPlan(layer.Spec.Name + ".weight", field + "Weight", Shape.Of(layer.Spec.Size!.Value, layer.Input[0]), FanIn: 0);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => parameters[0].Field;

        public override OpArgs Arguments(ShapedLayer layer) => new PositionEmbeddingArgs(layer.Spec.Size!.Value);

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("PositionEmbedding")}.Forward({Sizes(w.Op)}, {w.X}, {w.Parameter("Weight")}.Value, {w.Y});");

        /// <summary>The table's gradient unless frozen, and the input's, which is the output's.</summary>
        public override void Backward(OpWriter w)
        {
            var weight = w.Parameter("Weight");
            w.Line($"if (!{weight}.IsFrozen) {w.Target.Kernel("PositionEmbedding")}.Backward({Sizes(w.Op)}, {w.GradY}, {weight}.Grad);");
            w.WhenInputGradientNeeded(() => w.Line($"{w.GradX}.CopyFrom({w.GradY});"));
        }

        public override void Onnx(OnnxWriter w)
        {
            w.Initializers();
            w.Line($"global::Strata.Onnx.PositionOnnx.Learned(graph, {Literals.String(w.Op.Layer)}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");
        }

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "PositionEmbedding, {0} learned positions", layer.Spec.Size!.Value);

        public override long Flops(ShapedLayer layer) => layer.Output.Elements;

        private static string Sizes(Op op) =>
            $"batch, {OpWriter.Steps(op.X.Shape)}, {Literals.Named("width", op.X.Shape[0])}, {Literals.Named("maxSteps", ((PositionEmbeddingArgs)op.Args).MaxSteps)}";
    }

    /// <summary>The positions a PositionEmbedding learns.</summary>
    internal sealed record PositionEmbeddingArgs(int MaxSteps) : OpArgs;
}
