using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Layers;
using Strata.Generator.Model;

namespace Strata.Generator.Lowering
{
    /// <summary>
    /// Turns a shaped model, image or sequence, into operations over tensors. Each layer's definition gives its
    /// arguments, parameters, summary line and handle; Flatten becomes a view of its input, never a copy. Backward needs
    /// the gradient of an operation's input only when something upstream has parameters (or the caller asks for the
    /// model input's gradient), and never for token ids.
    /// </summary>
    internal static class Lowerer
    {
        public static LoweredModel Lower(ShapedModel model)
        {
            var fieldNames = new FieldNames();
            var layers = new List<LayerPlan>();
            var ops = new List<Op>();
            var current = new TensorRef(null, false, model.Input, false);
            InputGradientNeed? need = model.Input.Sequence == SequenceKind.Tokens ? null : InputGradientNeed.WhenRequested;

            foreach (var layer in model.Layers)
            {
                var spec = layer.Spec;
                var definition = LayerRegistry.For(spec.Kind);
                var field = fieldNames.StemFor(spec.Name);
                if (spec.Kind == LayerKind.Flatten || (spec.Kind == LayerKind.Dense && spec.FlattenFirst))
                {
                    current = current with { Flat = true, Shape = Shape.Of(current.Shape.Elements) };
                }

                var parameters = definition.Parameters(layer, field).ToList();
                if (spec.Kind != LayerKind.Flatten)
                {
                    var output = new TensorRef(spec.Name, false, layer.Output, false);
                    // LeakyReLU's slope cannot ride in a generic epilogue struct, so it runs in place after the layer.
                    var leaky = spec.Activation == ActivationKind.LeakyRelu;
                    ops.Add(new Op(
                        spec.Name,
                        field,
                        spec.Kind,
                        definition.Arguments(layer),
                        leaky ? ActivationKind.Identity : spec.Activation,
                        EquatableArray.Create(current),
                        output,
                        need,
                        leaky ? (float)spec.NegativeSlope!.Value : null));
                    current = output;
                    if (parameters.Count > 0)
                    {
                        need = InputGradientNeed.Always;
                    }
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

            // The last operation's output is the caller's: its gradient arrives as gradOutput.
            var last = ops[ops.Count - 1].Layer;
            var marked = ops.Select(op => op with { Inputs = op.Inputs.Select(x => MarkOutput(x, last)).ToEquatableArray(), Output = MarkOutput(op.Output, last) });
            return new LoweredModel(model.Namespace, model.ClassName, model.Input, MarkOutput(current, last), layers.ToEquatableArray(), marked.ToEquatableArray());
        }

        private static TensorRef MarkOutput(TensorRef tensor, string lastLayer) =>
            tensor.Producer == lastLayer ? tensor with { IsModelOutput = true } : tensor;
    }
}
