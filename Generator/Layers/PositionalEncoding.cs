using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[PositionalEncoding]</c>, the Transformer paper's (and d2l's) sinusoidal positions added to a sequence [T, d],
    /// of dynamic or fixed length; no parameters, no dropout of its own (a <c>[Dropout]</c> after it does d2l's). The
    /// input's gradient is the output's. ONNX: <c>Strata.Onnx.PositionOnnx.Sinusoidal</c> (Range, Mul, Add, Sin, Add).
    /// </summary>
    internal sealed class PositionalEncoding : LayerDefinition
    {
        public static readonly PositionalEncoding Definition = new();

        public override LayerKind Kind => LayerKind.PositionalEncoding;

        public override string Name => "PositionalEncoding";

        public override string Example => "PositionalEncoding";

        public override string HandleType => "Strata.PositionalEncoding";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context) =>
            TransformerShapes.NeedsFeatureSequence(context) ? new ShapedLayer(context.Layer, context.Input, context.Input, 0, 0, 0, 0) : null;

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("PositionalEncoding")}.Forward(batch, {OpWriter.Steps(w.Op.X.Shape)}, {Literals.Named("width", w.Op.X.Shape[0])}, {w.X}, {w.Y});");

        public override void Backward(OpWriter w) => w.WhenInputGradientNeeded(() => w.Line($"{w.GradX}.CopyFrom({w.GradY});"));

        public override void Onnx(OnnxWriter w) =>
            w.Line($"global::Strata.Onnx.PositionOnnx.Sinusoidal(graph, {Literals.String(w.Op.Layer)}, {Literals.Int(w.Op.X.Shape[0])}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");

        public override string Describe(ShapedLayer layer) => "PositionalEncoding, sinusoidal";

        /// <summary>A sine and an add per element.</summary>
        public override long Flops(ShapedLayer layer) => 2L * layer.Output.Elements;
    }
}
