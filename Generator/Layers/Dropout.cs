using System.Globalization;
using Strata.Generator.Diagnostics;
using Strata.Generator.Emit;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[Dropout(p)]</c>, PyTorch's <c>nn.Dropout</c>: in training each element is zeroed with probability p and the
    /// rest scaled by 1/(1 − p); in evaluation it passes its input through.
    /// </summary>
    internal sealed class Dropout : LayerDefinition
    {
        public static readonly Dropout Definition = new();

        public override LayerKind Kind => LayerKind.Dropout;

        public override string Name => "Dropout";

        public override string Example => "Dropout(0.5)";

        public override string HandleType => "Strata.Dropout";

        public override bool TakesActivation => false;

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var probability = arguments.ConstructorReal("p");
            return probability is null ? null : spec with { Probability = probability };
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            var p = layer.Probability!;
            if (!SequenceShapes.AcceptsFeatures(context))
            {
                return null;
            }

            // NaN fails both comparisons; a p just below 1 that rounds to 1f would divide by zero in the kernels.
            if (!(p.Value >= 0 && p.Value < 1 && (float)p.Value < 1f))
            {
                context.Report(
                    DiagnosticDescriptors.DropoutProbabilityOutOfRange,
                    p.Location,
                    layer.Name,
                    p.Value.ToString("R", CultureInfo.InvariantCulture),
                    context.Input);
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input, 0, 0, 0, 0);
        }

        public override OpArgs Arguments(ShapedLayer layer) => new DropoutArgs((float)layer.Spec.Probability!.Value);

        public override bool DrawsMasks(Op op) => true;

        public override void DeclareBuffers(PlanWriter plan, Op op)
        {
            var mask = DropoutNames.Mask(op.Stem);
            plan.Tensor(mask, MemoryPlanEmitter.Sizes(op.Y.Shape), "The mask of " + op.Layer + ": 0 or 1/(1 − p) in training, 1 in evaluation");
        }

        /// <summary>A new mask per training forward; on the GPU it is drawn on the device from the same generator's stream.</summary>
        public override void Forward(OpWriter w)
        {
            w.Line(
                $"{w.Target.Kernel("Dropout")}.Forward(plan.{DropoutNames.Mask(w.Op.Stem)}, {w.X}, {w.Y}, " +
                $"{Literals.Float(((DropoutArgs)w.Op.Args).P)}, {DropoutNames.Random}, _isTraining);");
        }

        /// <summary>dx = dy · mask, with the mask of the forward pass.</summary>
        public override void Backward(OpWriter w) => w.WhenInputGradientNeeded(() =>
            w.Line($"{w.Target.Kernel("Dropout")}.Backward(plan.{DropoutNames.Mask(w.Op.Stem)}, {w.GradY}, {w.GradX});"));

        /// <summary>The export is the inference graph, where dropout is the identity.</summary>
        public override void Onnx(OnnxWriter w) => w.Node("Identity", new[] { w.Input }, w.Output);

        public override string HandleArguments(ShapedLayer layer, System.Collections.Generic.IReadOnlyList<ParameterPlan> parameters) =>
            Emit.Literals.Float((float)layer.Spec.Probability!.Value);

        public override string Describe(ShapedLayer layer) =>
            "Dropout p=" + ((float)layer.Spec.Probability!.Value).ToString("R", CultureInfo.InvariantCulture);

        /// <summary>One multiplication per element.</summary>
        public override long Flops(ShapedLayer layer) => layer.Output.Elements;
    }

    /// <summary>Dropout's p, as the float the kernels use.</summary>
    internal sealed record DropoutArgs(float P) : OpArgs;
}
