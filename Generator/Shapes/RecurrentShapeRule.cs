using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// <c>[Rnn(hidden)]</c>, <c>[Lstm(hidden)]</c> and <c>[Gru(hidden)]</c>: [T, in] → [T, D·hidden], or [D·hidden] with
    /// ReturnSequences = false, where D is 2 when bidirectional.
    /// </summary>
    internal static class RecurrentShapeRule
    {
        /// <summary>
        /// The most stacked layers one attribute may declare: the emitters unroll every layer, so an absurd count would
        /// make an absurd amount of code (deep stacks in practice stay below 10).
        /// </summary>
        public const int MaxStackedLayers = 32;

        public static ShapedLayer? Apply(ShapeContext context)
        {
            var layer = context.Layer;
            var options = layer.Sequence!;
            if (context.Input.Sequence != SequenceKind.Features)
            {
                if (context.Input.Sequence == SequenceKind.None)
                {
                    context.Report(DiagnosticDescriptors.RecurrentNeedsSequence, layer.AttributeLocation, context.KindName, layer.Name, context.Input, context.Source, FixForNoSequence(context));
                    return null;
                }

                SequenceShapes.AcceptsFeatures(context);
                return null;
            }

            var valid = SequenceShapes.HasNoActivation(context);
            valid &= SizeChecks.IsPositive(context, layer.Size!, "hidden", ", e.g. [" + context.KindName + "(64)] for 64 state features");
            valid &= SizeChecks.IsPositive(context, options.Layers, "Layers", " (the number of stacked layers)");
            if (options.Layers.Value > MaxStackedLayers)
            {
                context.Report(DiagnosticDescriptors.TooManyStackedLayers, options.Layers.Location, context.KindName, layer.Name, options.Layers.Value, MaxStackedLayers);
                valid = false;
            }

            // An enum parameter can be given any int by a cast; PyTorch's nn.RNN rejects a nonlinearity other than tanh and relu.
            if (options.RnnActivation is { } activation
                && activation.Value != Parsing.SequenceLayerArguments.RnnTanh
                && activation.Value != Parsing.SequenceLayerArguments.RnnRelu)
            {
                context.Report(DiagnosticDescriptors.UnknownRnnActivation, activation.Location, context.KindName, layer.Name, activation.Value);
                valid = false;
            }

            var dropout = options.Dropout;
            // NaN fails both comparisons; a value just below 1 that rounds to 1f would divide by zero in the kernels.
            if (!(dropout.Value >= 0 && dropout.Value < 1 && (float)dropout.Value < 1f))
            {
                context.Report(DiagnosticDescriptors.RecurrentDropoutOutOfRange, dropout.Location, context.KindName, layer.Name, Format(dropout.Value));
                valid = false;
            }
            else if (dropout.Value > 0 && options.Layers.Value == 1)
            {
                context.Report(DiagnosticDescriptors.RecurrentDropoutWithOneLayer, dropout.Location, context.KindName, layer.Name, Format(dropout.Value));
            }

            if (!valid)
            {
                return null;
            }

            // PyTorch's parameters: weight_ih_l0 [G·H, in], weight_hh_l* [G·H, H], and weight_ih_l1.. [G·H, D·H] when stacked.
            var hidden = layer.Size!.Value;
            var width = SizeChecks.Product(options.Bidirectional ? 2 : 1, hidden);
            var gates = SizeChecks.Product(GatesOf(layer.Kind), hidden);
            const string Fix = "use a smaller hidden size";
            if (!SizeChecks.Fits(context, "output", new[] { width }, layer.Size, Fix)
                || !SizeChecks.Fits(context, "weight_ih_l0", new[] { gates, context.Input[0] }, layer.Size, Fix)
                || !SizeChecks.Fits(context, "weight_hh_l0", new[] { gates, hidden }, layer.Size, Fix)
                || (options.Layers.Value > 1 && !SizeChecks.Fits(context, "weight_ih_l1", new[] { gates, width }, layer.Size, Fix)))
            {
                return null;
            }

            var output = new Shape(EquatableArray.Create((int)width), options.ReturnSequences ? SequenceKind.Features : SequenceKind.None);
            return new ShapedLayer(layer, context.Input, output, 0, 0, 0, 0);
        }

        /// <summary>
        /// The end of a STRATA0040 message for an input without a time dimension, after what it came from: an image, a
        /// model input without Sequence, or a recurrent layer that returned only its last step.
        /// </summary>
        private static string FixForNoSequence(ShapeContext context)
        {
            if (context.Input.Rank == 3)
            {
                return "images cannot feed a recurrent layer; declare a sequence input, [Input(Sequence, features)]";
            }

            if (context.InputIsFromInputAttribute)
            {
                return "declare the input as [Input(Sequence, features)], e.g. [Input(Sequence, 28)] with 'using static Strata.Dims;'";
            }

            if (context.ModelInput.IsSequence)
            {
                // Only ReturnSequences = false ends a sequence; Flatten of a sequence is an error of its own.
                return context.LastRecurrent is { } reducer
                    ? "'" + reducer.Name + "' has already reduced the sequence to its last step; give '" + reducer.Name + "' ReturnSequences = true"
                    : "a layer before it has already reduced the sequence to one vector";
            }

            return context.ModelInput.Rank == 3
                ? "images cannot feed a recurrent layer, flattened or not; declare a sequence input, [Input(Sequence, features)]"
                : "the model input " + context.ModelInput + " has no time dimension; declare a sequence input, e.g. [Input(Sequence, 28)] with 'using static Strata.Dims;'";
        }

        /// <summary>Gate blocks in PyTorch's weight_ih/weight_hh: RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n).</summary>
        public static int GatesOf(LayerKind kind) => kind switch
        {
            LayerKind.Lstm => 4,
            LayerKind.Gru => 3,
            _ => 1,
        };

        private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}
