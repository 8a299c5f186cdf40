using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
                var field = fieldNames.StemFor(spec.Name);
                var options = spec.Sequence;
                var directions = options is { Bidirectional: true } && IsRecurrent(spec.Kind) ? 2 : 1;
                var op = new SequenceOp(
                    KindOf(spec.Kind),
                    spec.Name,
                    field,
                    spec.Kind,
                    options?.RnnRelu ?? false,
                    spec.Activation,
                    spec.Kind == LayerKind.Dense && spec.Bias,
                    layer.Input[0],
                    layer.Output[0],
                    IsRecurrent(spec.Kind) ? spec.Size!.Value : 0,
                    IsRecurrent(spec.Kind) ? options!.Layers.Value : 0,
                    directions,
                    IsRecurrent(spec.Kind) && options!.Layers.Value > 1 ? (float)options.Dropout.Value : 0f,
                    layer.Input.IsSequence,
                    layer.Output.IsSequence,
                    source,
                    spec.Name == last,
                    inputGradient);
                ops.Add(op);
                var parameters = ParametersOf(op).ToList();
                layers.Add(new LayerPlan(spec.Name, spec.Modifiers, field, spec.Kind, Describe(op), layer.Input, layer.Output, parameters.ToEquatableArray(), Flops(op)));
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

        /// <summary>The parameter name suffix of layer <paramref name="layer"/> and direction <paramref name="direction"/>: <c>l0</c>, <c>l0_reverse</c>.</summary>
        public static string Suffix(int layer, int direction) =>
            "l" + layer.ToString(CultureInfo.InvariantCulture) + (direction == 1 ? "_reverse" : string.Empty);

        public static IEnumerable<ParameterPlan> ParametersOf(SequenceOp op)
        {
            switch (op.Kind)
            {
                case SequenceOpKind.Embedding:
                    // Fan-in 0 marks PyTorch's N(0, 1) initialisation of embeddings.
                    yield return new ParameterPlan(op.Layer + ".weight", op.Field + "Weight", Shape.Of(op.InputSize, op.OutputSize), 0);
                    break;
                case SequenceOpKind.Dense:
                    yield return new ParameterPlan(op.Layer + ".weight", op.Field + "Weight", Shape.Of(op.OutputSize, op.InputSize), op.InputSize);
                    if (op.HasBias)
                    {
                        yield return new ParameterPlan(op.Layer + ".bias", op.Field + "Bias", Shape.Of(op.OutputSize), op.InputSize);
                    }

                    break;
                case SequenceOpKind.Recurrent:
                    var rows = RecurrentShapeRule.GatesOf(op.Cell) * op.Hidden;
                    for (var l = 0; l < op.Layers; l++)
                    {
                        var inputSize = l == 0 ? op.InputSize : op.Directions * op.Hidden;
                        for (var d = 0; d < op.Directions; d++)
                        {
                            var suffix = Suffix(l, d);
                            var fieldSuffix = "L" + l.ToString(CultureInfo.InvariantCulture) + (d == 1 ? "Reverse" : string.Empty);

                            // PyTorch draws every recurrent parameter from U(−1/√hidden, 1/√hidden).
                            yield return new ParameterPlan(op.Layer + ".weight_ih_" + suffix, op.Field + "WeightIh" + fieldSuffix, Shape.Of(rows, inputSize), op.Hidden);
                            yield return new ParameterPlan(op.Layer + ".weight_hh_" + suffix, op.Field + "WeightHh" + fieldSuffix, Shape.Of(rows, op.Hidden), op.Hidden);
                            yield return new ParameterPlan(op.Layer + ".bias_ih_" + suffix, op.Field + "BiasIh" + fieldSuffix, Shape.Of(rows), op.Hidden);
                            yield return new ParameterPlan(op.Layer + ".bias_hh_" + suffix, op.Field + "BiasHh" + fieldSuffix, Shape.Of(rows), op.Hidden);
                        }
                    }

                    break;
            }
        }

        private static bool IsRecurrent(LayerKind kind) => kind is LayerKind.Rnn or LayerKind.Lstm or LayerKind.Gru;

        private static SequenceOpKind KindOf(LayerKind kind) => kind switch
        {
            LayerKind.Embedding => SequenceOpKind.Embedding,
            LayerKind.OneHot => SequenceOpKind.OneHot,
            LayerKind.Dense => SequenceOpKind.Dense,
            _ => SequenceOpKind.Recurrent,
        };

        private static string Describe(SequenceOp op)
        {
            switch (op.Kind)
            {
                case SequenceOpKind.Embedding:
                    return Format("Embedding {0}→{1}", op.InputSize, op.OutputSize);
                case SequenceOpKind.OneHot:
                    return Format("OneHot {0}", op.InputSize);
                case SequenceOpKind.Dense:
                    return Format("Dense {0}→{1}", op.InputSize, op.OutputSize)
                        + (op.InputPerStep ? " per step" : string.Empty)
                        + (op.HasBias ? string.Empty : ", no bias")
                        + (op.Activation == ActivationKind.Identity ? string.Empty : ", " + LayerDescriptions.ActivationName(op.Activation));
                default:
                    var cell = op.Cell switch
                    {
                        LayerKind.Lstm => "LSTM",
                        LayerKind.Gru => "GRU",
                        _ => op.RnnRelu ? "RNN relu" : "RNN tanh",
                    };
                    return Format("{0} {1}→{2}", cell, op.InputSize, op.Hidden)
                        + (op.Layers > 1 ? Format(", {0} layers", op.Layers) : string.Empty)
                        + (op.Directions == 2 ? ", bidirectional" : string.Empty)
                        + (op.DropsBetweenLayers ? ", dropout " + op.Dropout.ToString("R", CultureInfo.InvariantCulture) : string.Empty)
                        + (op.OutputPerStep ? string.Empty : ", last step");
            }
        }

        /// <summary>Forward FLOPs per sample and step (a multiply-add counts two; lookups count none).</summary>
        private static long Flops(SequenceOp op)
        {
            switch (op.Kind)
            {
                case SequenceOpKind.Dense:
                    return 2L * op.InputSize * op.OutputSize;
                case SequenceOpKind.Recurrent:
                    long rows = RecurrentShapeRule.GatesOf(op.Cell) * op.Hidden;
                    long total = 0;
                    for (var l = 0; l < op.Layers; l++)
                    {
                        var inputSize = l == 0 ? op.InputSize : op.Directions * op.Hidden;
                        total += op.Directions * 2L * rows * (inputSize + op.Hidden);
                    }

                    return total;
                default:
                    return 0;
            }
        }

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
