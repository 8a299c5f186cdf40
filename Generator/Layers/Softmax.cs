using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[Softmax]</c>, PyTorch's <c>nn.Softmax(dim=1)</c> (dim=-1 for sequences): over the features of a vector or of
    /// each sequence step, or over the channels at each pixel of an image. The shape is unchanged. Backward takes the
    /// Jacobian from the output: dx = y ⊙ (dy − Σ dy ⊙ y).
    /// </summary>
    internal sealed class Softmax : LayerDefinition
    {
        public static readonly Softmax Definition = new();

        public override LayerKind Kind => LayerKind.Softmax;

        public override string Name => "Softmax";

        public override string Example => "Softmax";

        public override string HandleType => "Strata.Softmax";

        public override bool TakesActivation => false;

        public override bool OutputsProbabilities => true;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context) =>
            SequenceShapes.AcceptsFeatures(context) ? new ShapedLayer(context.Layer, context.Input, context.Input, 0, 0, 0, 0) : null;

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("Softmax")}.Forward({Axis(w.Op)}, {w.X}, {w.Y});");

        public override void Backward(OpWriter w) =>
            w.WhenInputGradientNeeded(() => w.Line($"{w.Target.Kernel("Softmax")}.Backward({Axis(w.Op)}, {w.Y}, {w.GradY}, {w.GradX});"));

        /// <summary>ONNX's Softmax on the channel or feature axis: 1 for [N, C, H, W] and [N, F], 2 for [N, T, F].</summary>
        public override void Onnx(OnnxWriter w) =>
            w.Node("Softmax", w.Inputs, w.Output, OnnxWriter.IntAttribute("axis", w.Op.Y.Shape.IsSequence ? 2 : 1));

        public override string Describe(ShapedLayer layer) => layer.Input.Rank == 3 && !layer.Input.IsSequence ? "Softmax over channels" : "Softmax";

        /// <summary>An exp, a sum and a divide per element, counted as three.</summary>
        public override long Flops(ShapedLayer layer) => 3L * layer.Output.Elements;

        /// <summary>The tensor as [outer, channels, inner], the middle axis the one normalised.</summary>
        private static string Axis(Op op)
        {
            var shape = op.Y.Shape;
            var inner = shape.Elements / shape[0];
            return $"outer: {OpWriter.Rows(op.Y)}, {Literals.Named("channels", shape[0])}, {Literals.Named("inner", inner)}";
        }
    }
}
