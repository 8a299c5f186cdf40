using System.Collections.Generic;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[ClassToken]</c>, ViT's class token: a learned <c>X.weight</c> [d] (0 at first) before every sequence, [T=k, d] →
    /// [T=k+1, d]. Only on a step count fixed at build time (STRATA0078 otherwise), since the step count of a sequence
    /// model is the batch's. ONNX: <c>Strata.Onnx.StepOnnx.ClassToken</c> (Slice, Mul, Add, Concat).
    /// </summary>
    internal sealed class ClassToken : LayerDefinition
    {
        public static readonly ClassToken Definition = new();

        public override LayerKind Kind => LayerKind.ClassToken;

        public override string Name => "ClassToken";

        public override string Example => "ClassToken";

        public override string HandleType => "Strata.ClassToken";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments) => spec;

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (!TransformerShapes.NeedsFeatureSequence(context))
            {
                return null;
            }

            if (!context.Input.HasStaticSteps)
            {
                context.Report(
                    DiagnosticDescriptors.ClassTokenNeedsFixedSteps, layer.AttributeLocation, Name, layer.Name, context.Input, context.Source,
                    "pool the sequence with [MeanOverSteps] instead, or make it from an image with [PatchEmbedding(dim, patch)] or [ToSequence]");
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input with { Steps = context.Input.Steps + 1 }, 0, 0, 0, 0);
        }

        public override IEnumerable<ParameterPlan> Parameters(ShapedLayer layer, string field)
        {
            yield return new ParameterPlan(layer.Spec.Name + ".weight", field + "Weight", Shape.Of(layer.Input[0]), FanIn: 0, Constant: 0f);
        }

        public override IEnumerable<ReservedField> ParameterFields(LayerSpec spec, string field)
        {
            yield return new ReservedField(field + "Weight", $"the private field that holds {spec.Name}.weight");
        }

        public override string HandleArguments(ShapedLayer layer, IReadOnlyList<ParameterPlan> parameters) => parameters[0].Field;

        public override void Forward(OpWriter w) =>
            w.Line($"{w.Target.Kernel("ClassToken")}.Forward({Sizes(w.Op)}, {w.X}, {w.Parameter("Weight")}.Value, {w.Y});");

        public override void Backward(OpWriter w)
        {
            var weight = w.Parameter("Weight");
            w.Line($"{w.Target.Kernel("ClassToken")}.Backward({Sizes(w.Op)}, {w.GradY}, {w.GradXArgument}, {weight}.IsFrozen ? null : {weight}.Grad);");
        }

        public override void Onnx(OnnxWriter w)
        {
            w.Initializers();
            w.Line($"global::Strata.Onnx.StepOnnx.ClassToken(graph, {Literals.String(w.Op.Layer)}, {Literals.String(w.Input)}, {Literals.String(w.Output)});");
        }

        public override string Describe(ShapedLayer layer) => "ClassToken, learned, before step 0";

        private static string Sizes(Op op) => $"batch, {OpWriter.Steps(op.X.Shape)}, {Literals.Named("width", op.X.Shape[0])}";
    }
}
