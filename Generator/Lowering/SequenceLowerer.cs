using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Strata.Generator.Layers;
using Strata.Generator.Model;
using Strata.Generator.Shapes;

namespace Strata.Generator.Lowering
{
    /// <summary>
    /// Lowers a model whose input is a sequence: one operation per layer property, parameters named as PyTorch's
    /// state_dict (<c>Encoder.weight_ih_l0_reverse</c>), and per-step FLOPs for the summary.
    /// </summary>
    internal static class SequenceLowerer
    {
        public static SequenceModel Lower(ShapedModel model)
        {
            var fieldNames = new FieldNames();
            var layers = new List<LayerPlan>();
            var ops = new List<SequenceOp>();
            string? source = null;
            InputGradientNeed? inputGradient = model.Input.Sequence == SequenceKind.Tokens ? null : InputGradientNeed.WhenRequested;
            var last = model.Layers[model.Layers.Count - 1].Spec.Name;

            foreach (var layer in model.Layers)
            {
                var spec = layer.Spec;
                var definition = LayerRegistry.For(spec.Kind);
                var field = fieldNames.StemFor(spec.Name);
                var recurrent = definition is Recurrent;
                var op = new SequenceOp(
                    KindOf(spec.Kind),
                    spec.Name,
                    field,
                    spec.Kind,
                    spec.Sequence?.RnnRelu ?? false,
                    spec.Activation,
                    spec.Kind == LayerKind.Dense && spec.Bias,
                    layer.Input[0],
                    layer.Output[0],
                    recurrent ? spec.Size!.Value : 0,
                    recurrent ? spec.Sequence!.Layers.Value : 0,
                    recurrent ? Recurrent.Directions(spec) : 1,
                    recurrent ? Recurrent.DropoutBetweenLayers(spec) : 0f,
                    layer.Input.IsSequence,
                    layer.Output.IsSequence,
                    source,
                    spec.Name == last,
                    inputGradient);
                ops.Add(op);
                var parameters = definition.Parameters(layer, field).ToList();
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
                source = spec.Name;
                if (parameters.Count > 0)
                {
                    inputGradient = InputGradientNeed.Always;
                }
                else if (op.Kind == SequenceOpKind.OneHot)
                {
                    inputGradient = null;
                }
            }

            return new SequenceModel(model.Namespace, model.ClassName, model.Input, model.Output, layers.ToEquatableArray(), ops.ToEquatableArray());
        }

        private static SequenceOpKind KindOf(LayerKind kind) => kind switch
        {
            LayerKind.Embedding => SequenceOpKind.Embedding,
            LayerKind.OneHot => SequenceOpKind.OneHot,
            LayerKind.Dense => SequenceOpKind.Dense,
            LayerKind.Rnn or LayerKind.Lstm or LayerKind.Gru => SequenceOpKind.Recurrent,
            _ => throw new System.NotSupportedException($"layer kind '{kind}' has no operation in a sequence model"),
        };
    }
}
