using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Layers;
using Strata.Generator.Model;

namespace Strata.Generator.Lowering
{
    /// <summary>
    /// Turns a shaped model into fused operations and a memory plan. Bias and activation fold into the conv and dense
    /// epilogues (and into the pooling kernel on the GPU); Flatten becomes a view, never a copy.
    /// </summary>
    internal static class ModelLowerer
    {
        public static LoweredModel Lower(ShapedModel model)
        {
            var fieldNames = new FieldNames();
            var layers = new List<LayerPlan>();
            var ops = new List<FusedOp>();
            var flatViews = new HashSet<string>();
            var current = new TensorRef(null, false, model.Input, false);
            var parameterOpSeen = false;

            foreach (var layer in model.Layers)
            {
                var spec = layer.Spec;
                var definition = LayerRegistry.For(spec.Kind);
                var field = fieldNames.StemFor(spec.Name);
                var parameters = new List<ParameterPlan>();
                if (spec.Kind == LayerKind.Flatten || (spec.Kind == LayerKind.Dense && spec.FlattenFirst))
                {
                    current = Flattened(current, flatViews);
                }

                if (spec.Kind != LayerKind.Flatten)
                {
                    var output = new TensorRef(spec.Name, false, layer.Output, false);
                    var op = new FusedOp(
                        spec.Kind,
                        spec.Name,
                        field,
                        spec.Activation,
                        spec.Bias && spec.Kind is LayerKind.Conv or LayerKind.Dense,
                        spec.CountIncludePad,
                        current.Shape,
                        layer.Output,
                        layer.KernelHeight,
                        layer.KernelWidth,
                        layer.Stride,
                        layer.Pad,
                        spec.Kind == LayerKind.Dropout ? (float)spec.Probability!.Value : 0f,
                        current,
                        output,
                        parameterOpSeen ? InputGradientNeed.Always : InputGradientNeed.WhenRequested);
                    ops.Add(op);
                    parameters.AddRange(definition.Parameters(layer, field));
                    parameterOpSeen |= op.HasParameters;
                    current = output;
                }

                layers.Add(new LayerPlan(
                    spec.Name,
                    spec.Modifiers,
                    field,
                    spec.Kind,
                    definition.Describe(layer),
                    layer.Input,
                    layer.Output,
                    parameters.ToEquatableArray(),
                    definition.Flops(layer),
                    "global::" + definition.HandleType,
                    definition.HandleArguments(layer, parameters)));
            }

            var last = ops[ops.Count - 1].Layer;
            ops = ops.Select(op => op with { X = MarkOutput(op.X, last), Y = MarkOutput(op.Y, last) }).ToList();
            var buffers = ops.Select(op => new PlanBuffer(op.Layer, op.OutputShape, op.Layer != last, flatViews.Contains(op.Layer)));
            return new LoweredModel(
                model.Namespace,
                model.ClassName,
                model.Input,
                MarkOutput(current, last),
                layers.ToEquatableArray(),
                ops.ToEquatableArray(),
                buffers.ToEquatableArray(),
                ops[0].X is { IsModelInput: true, Flat: true });
        }

        private static TensorRef Flattened(TensorRef tensor, HashSet<string> flatViews)
        {
            if (tensor.Producer is { } producer)
            {
                flatViews.Add(producer);
            }

            return tensor with { Flat = true, Shape = Shape.Of(tensor.Shape.Elements) };
        }

        private static TensorRef MarkOutput(TensorRef tensor, string lastLayer) =>
            tensor.Producer == lastLayer ? tensor with { IsModelOutput = true } : tensor;
    }
}
