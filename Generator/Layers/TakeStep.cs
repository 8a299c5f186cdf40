using System.Globalization;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[TakeStep(index)]</c>, one step of every sequence as a vector, [T, d] → [d] (ViT's class token after the
    /// encoder). An index that is negative, or past a step count fixed at build time, is STRATA0079 at the argument; past
    /// the steps of a batch, the kernel throws. ONNX: <c>Strata.Onnx.StepOnnx.TakeStep</c> (Gather on axis 1).
    /// </summary>
    internal sealed class TakeStep : LayerDefinition
    {
        public static readonly TakeStep Definition = new();

        public override LayerKind Kind => LayerKind.TakeStep;

        public override string Name => "TakeStep";

        public override string Example => "TakeStep(0)";

        public override string HandleType => "Strata.TakeStep";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var index = arguments.ConstructorInt("index");
            return index is null ? null : spec with { Size = index };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!TransformerShapes.NeedsFeatureSequence(context))
            {
                return null;
            }

            var index = layer.Size!.Value;
            var input = context.Input;
            if (index < 0 || (input.HasStaticSteps && index >= input.Steps))
            {
                var fix = input.HasStaticSteps
                    ? string.Format(CultureInfo.InvariantCulture, "it has {0} steps, so use an index from 0 to {1}, e.g. [TakeStep(0)] for a class token", input.Steps, input.Steps - 1)
                    : "steps count from 0, e.g. [TakeStep(0)] for a class token";
                context.Report(DiagnosticDescriptors.StepOutOfRange, layer.Size.Location, Name, layer.Name, index, input, context.Source, fix);
                return null;
            }

            return new ShapedLayer(layer, input, Shape.Of(input[0]), 0, 0, 0, 0);
        }

        public override OpArgs Arguments(ShapedLayer layer) => new TakeStepArgs(layer.Spec.Size!.Value);

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("TakeStep")}.Forward({Sizes(w.Op)}, {w.X}, {w.Y});");

        public override void Backward(OpWriter w) =>
            w.WhenInputGradientNeeded(() => w.Line($"{w.Target.Kernel("TakeStep")}.Backward({Sizes(w.Op)}, {w.GradY}, {w.GradX});"));

        public override void Onnx(OnnxWriter w) =>
            w.Line($"global::Strata.Onnx.StepOnnx.TakeStep(graph, {Literals.String(w.Op.Layer)}, {Literals.Int(((TakeStepArgs)w.Op.Args).Index)}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");

        public override string Describe(ShapedLayer layer) =>
            string.Format(CultureInfo.InvariantCulture, "TakeStep {0}", layer.Spec.Size!.Value);

        private static string Sizes(Op op) =>
            $"batch, {OpWriter.Steps(op.X.Shape)}, {Literals.Named("width", op.X.Shape[0])}, {Literals.Named("index", ((TakeStepArgs)op.Args).Index)}";
    }

    /// <summary>The step TakeStep takes.</summary>
    internal sealed record TakeStepArgs(int Index) : OpArgs;
}
