using System.Collections.Generic;
using System.Linq;
using Strata.Generator.Layers;
using Strata.Generator.Model;
using Strata.Generator.Shapes;

namespace Strata.Generator.Lowering
{
    /// <summary>
    /// Turns a shaped model, image or sequence, into operations over tensors. Each layer's definition gives its
    /// arguments, parameters, summary line and handle; Flatten becomes a view of its input, never a copy. A layer reads
    /// the one declared before it, or the layers it names (Add, Concat, [From]), so a tensor may be read by several operations: in
    /// backward the last of them writes its gradient and the others add theirs to it. Backward needs a tensor's gradient
    /// only when its producer, or something upstream, has parameters (or the caller asks for the input's gradient), and
    /// never for token ids.
    /// </summary>
    internal static class Lowerer
    {
        public static LoweredModel Lower(ShapedModel model)
        {
            var fieldNames = new FieldNames();
            var layers = new List<LayerPlan>();
            var ops = new List<Op>();
            // The DSL declares one input, or two for an encoder–decoder model ([SecondInput]); the IR takes several.
            var input = TensorRef.Input("input", model.Input);
            var current = input;
            var tensors = new Dictionary<string, TensorRef> { [ShapeChecker.GraphInput] = input };
            var inputs = new List<TensorRef> { input };
            if (model.SecondInput is { } second)
            {
                var secondInput = TensorRef.Input(second.Name, second.Shape);
                tensors[second.Name] = secondInput;
                inputs.Add(secondInput);
            }

            foreach (var layer in model.Layers)
            {
                var spec = layer.Spec;
                var definition = LayerRegistry.For(spec.Kind);
                var field = fieldNames.StemFor(spec.Name);
                if (spec.From is { } from)
                {
                    current = tensors[from.Name];
                }

                if (spec.Kind == LayerKind.Flatten || (spec.Kind == LayerKind.Dense && spec.FlattenFirst))
                {
                    current = current with { Flat = true, Shape = Shape.Of(current.Shape.Elements) };
                }

                var parameters = Initialization.Apply(definition.Parameters(layer, field), spec).ToList();
                if (spec.Kind != LayerKind.Flatten)
                {
                    // A layer that names its inputs reads those; any other reads the one before it (or its [From]), then those it names (a cross-attention's keys).
                    var named = spec.Sources.Select(source => tensors[source.Name]);
                    var read = definition.NamesItsInputs ? named.ToList() : new[] { current }.Concat(named).ToList();
                    var need = parameters.Count > 0 || read.Any(x => x.Need == InputGradientNeed.Always) ? InputGradientNeed.Always
                        : read.Any(x => x.Need == InputGradientNeed.WhenRequested) ? InputGradientNeed.WhenRequested
                        : (InputGradientNeed?)null;
                    var output = new TensorRef(spec.Name, false, false, layer.Output, false, need);
                    ops.Add(new Op(
                        spec.Name,
                        field,
                        spec.Kind,
                        definition.Arguments(layer),
                        spec.Activation,
                        read.ToEquatableArray(),
                        output));
                    current = output;
                }

                tensors[spec.Name] = current;
                layers.Add(new LayerPlan(
                    spec.Name,
                    spec.Modifiers,
                    field,
                    definition.Describe(layer),
                    layer.Input,
                    layer.Output,
                    parameters.ToEquatableArray(),
                    // Sequence layers count per step; a sequence of fixed length (from [ToSequence]) sits in an image model, whose summary counts per sample.
                    layer.Input.HasStaticSteps ? definition.Flops(layer) * layer.Input.Steps : definition.Flops(layer),
                    "global::" + definition.HandleType,
                    definition.HandleArguments(layer, parameters)));
            }

            // The last operation's output is the caller's: its gradient arrives as gradOutput.
            var last = ops[ops.Count - 1].Layer;
            // An operation matters when the model output depends on it: walk back from the last one.
            var live = new HashSet<string> { current.Key };
            for (var i = ops.Count - 1; i >= 0; i--)
            {
                if (live.Contains(ops[i].Layer))
                {
                    live.UnionWith(ops[i].Inputs.Select(x => x.Key));
                }
            }

            ops = ops.Select(op => live.Contains(op.Layer) ? op : op with { OutputUnused = true }).ToList();
            var marked = Add.FuseIntoConvolutions(BatchNorm.FoldIntoConvolutions(Accumulate(ops)
                .Select(op => op with { Inputs = op.Inputs.Select(x => MarkOutput(x, last)).ToEquatableArray(), Output = MarkOutput(op.Output, last) })
                .ToList()));
            return new LoweredModel(model.Namespace, model.ClassName, inputs.ToEquatableArray(), MarkOutput(current, last), layers.ToEquatableArray(), marked.ToEquatableArray(), model.Uses);
        }

        /// <summary>
        /// Marks every reader of a tensor read several times as accumulating, except the one whose backward runs first
        /// (the last operation in data-flow order, its first such input), which writes the gradient outright.
        /// </summary>
        private static List<Op> Accumulate(List<Op> ops)
        {
            var first = new HashSet<string>();
            var result = new Op[ops.Count];
            for (var i = ops.Count - 1; i >= 0; i--)
            {
                if (ops[i].OutputUnused)
                {
                    // Its backward does not run, so it writes no gradient.
                    result[i] = ops[i];
                    continue;
                }

                var inputs = ops[i].Inputs.Select(x =>
                {
                    return x.Need is null || first.Add(x.Key) ? x : x with { Accumulates = true };
                });
                result[i] = ops[i] with { Inputs = inputs.ToEquatableArray() };
            }

            return result.ToList();
        }

        private static TensorRef MarkOutput(TensorRef tensor, string lastLayer) =>
            tensor.Producer == lastLayer ? tensor with { IsModelOutput = true } : tensor;
    }
}
