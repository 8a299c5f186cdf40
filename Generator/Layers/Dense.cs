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
    /// <c>[Dense(units, bias: true)]</c>, PyTorch's <c>nn.Linear</c>: [in] → [units] with a weight [units, in] and a
    /// bias [units]; on a sequence it applies to every step. <c>[Flatten, Dense(n)]</c> flattens an image first.
    /// </summary>
    internal sealed class Dense : LayerDefinition
    {
        public static readonly Dense Definition = new();

        public override LayerKind Kind => LayerKind.Dense;

        public override string Name => "Dense";

        public override string Example => "Dense(10)";

        public override string HandleType => "Strata.Dense";

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var size = arguments.ConstructorInt("units");
            return size is null ? null : spec with { Size = size, Bias = arguments.ConstructorBool("bias", fallback: true) };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            if (context.Input.IsSequence)
            {
                return SequenceShapes.TimeDistributedDense(context);
            }

            var layer = context.Layer;
            if (!layer.FlattenFirst && context.Input.Rank != 1)
            {
                context.Report(
                    DiagnosticDescriptors.DenseNeedsFlatten, layer.AttributeLocation, layer.Name, context.Input, context.Source, layer.Size!.Value);
                return null;
            }

            if (!SizeChecks.IsPositive(context, layer.Size!, "units", ", e.g. [Dense(10)] for 10 outputs"))
            {
                return null;
            }

            var units = layer.Size!.Value;
            var inFeatures = context.Input.Elements;
            if (!SizeChecks.Fits(context, "weight", new long[] { units, inFeatures }, layer.Size, "use fewer units"))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, Shape.Of(units), 0, 0, 0, 0);
        }

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field) =>
            WeightAndBias.Of(layer.Spec, field, Shape.Of(layer.Output[0], layer.Input.Elements), fanIn: layer.Input.Elements);

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field) => WeightAndBias.Fields(spec, field);

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => WeightAndBias.HandleArguments(parameters);

        public override OpArgs Arguments(ShapedLayer layer) => new DenseArgs(layer.Spec.Bias);

        public override void Forward(OpWriter w) => WeightAndBias.Forward(w, "Dense", Sizes(w.Op), ((DenseArgs)w.Op.Args).Bias);

        public override void Backward(OpWriter w) => WeightAndBias.Backward(w, "Dense", Sizes(w.Op), ((DenseArgs)w.Op.Args).Bias);

        /// <summary>Gemm with the weight transposed; on a sequence, the same per step.</summary>
        public override void Onnx(OnnxWriter w)
        {
            w.Initializers();
            if (w.Op.X.Shape.IsSequence)
            {
                var bias = ((DenseArgs)w.Op.Args).Bias ? Literals.String(w.Op.Layer + ".bias") : "null";
                w.Line($"{OnnxWriter.Sequence}.TimeDistributedDense(graph, {Literals.String(w.Op.Layer + ".weight")}, {bias}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");
                return;
            }

            w.Node("Gemm", w.WithParameters(), w.Output, OnnxWriter.IntAttribute("transB", 1));
        }

        public override string Describe(ShapedLayer layer)
        {
            var text = new StringBuilder(layer.Spec.FlattenFirst ? "Flatten, " : string.Empty);
            text.Append(string.Format(CultureInfo.InvariantCulture, "Dense {0}→{1}", layer.Input.Elements, layer.Output[0]));
            if (layer.Input.IsSequence)
            {
                text.Append(" per step");
            }

            WeightAndBias.AppendNoBias(text, layer.Spec);
            return text.Append(layer.Spec.Activation.Describe()).ToString();
        }

        public override long Flops(ShapedLayer layer) => 2L * layer.Input.Elements * layer.Output[0];

        private static string Sizes(Op op) => $"{OpWriter.Rows(op.X)}, {Literals.Named("inFeatures", op.X.Shape.Elements)}, {Literals.Named("outFeatures", op.Y.Shape[0])}";

    }

    /// <summary>Whether a dense layer adds a bias.</summary>
    internal sealed record DenseArgs(bool Bias) : OpArgs;
}
