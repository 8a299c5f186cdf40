using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[MeanOverSteps]</c>, the mean of every sequence over its valid steps, [T, d] → [d]: with the model's lengths,
    /// padded steps count for nothing; on a fixed step count, every step counts. ONNX: <c>Strata.Onnx.StepOnnx.MeanOverSteps</c>
    /// (a mask from the lengths input, Mul, ReduceSum, Div; or ReduceMean).
    /// </summary>
    internal sealed class MeanOverSteps : LayerDefinition
    {
        public static readonly MeanOverSteps Definition = new();

        public override LayerKind Kind => LayerKind.MeanOverSteps;

        public override string Name => "MeanOverSteps";

        public override string Example => "MeanOverSteps";

        public override string HandleType => "Strata.MeanOverSteps";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context) =>
            TransformerShapes.NeedsFeatureSequence(context) ? new ShapedLayer(context.Layer, context.Input, Shape.Of(context.Input[0]), 0, 0, 0, 0) : null;

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("MeanOverSteps")}.Forward({Sizes(w.Op)}, {w.X}, {w.Y});");

        public override void Backward(OpWriter w) =>
            w.WhenInputGradientNeeded(() => w.Line($"{w.Target.Kernel("MeanOverSteps")}.Backward({Sizes(w.Op)}, {w.GradY}, {w.GradX});"));

        public override void Onnx(OnnxWriter w) =>
            w.Line(
                $"global::Strata.Onnx.StepOnnx.MeanOverSteps(graph, {Literals.String(w.Op.Layer)}, {Literals.String(w.Input)}, {Literals.String(w.Output)}, " +
                $"{(w.Op.X.Shape.HasStaticSteps ? "null" : "\"lengths\"")});");

        public override string Describe(ShapedLayer layer) => "MeanOverSteps, valid steps";

        public override long Flops(ShapedLayer layer) => layer.Input[0];

        private static string Sizes(Op op) =>
            $"batch, {OpWriter.Steps(op.X.Shape)}, {Literals.Named("width", op.X.Shape[0])}, {OpWriter.Lengths(op.X.Shape, "plan.")}";
    }
}
