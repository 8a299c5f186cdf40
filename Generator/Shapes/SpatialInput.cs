using Strata.Generator.Diagnostics;

namespace Strata.Generator.Shapes
{
    /// <summary>Convolution and pooling read [channels, height, width]; anything else is a rank mismatch.</summary>
    internal static class SpatialInput
    {
        public static bool IsSpatial(ShapeContext context)
        {
            if (context.Input.Rank == 3 && !context.Input.IsSequence)
            {
                return true;
            }

            var fix = context.Input.IsSequence
                ? "convolution and pooling over sequences are not supported; use a recurrent layer such as [Lstm(hidden)]"
                : context.InputIsFromInputAttribute
                ? "declare the input as [Input(channels, height, width)], e.g. [Input(1, 28, 28)]"
                : context.ModelInput.IsSequence
                ? "convolution and pooling over sequences are not supported, and " + ReducedBy(context) + " outputs one vector per sequence; follow it with [Dense] layers"
                : context.ModelInput.Rank != 3
                ? "the model input " + context.ModelInput + " is not an image; declare the input as [Input(channels, height, width)], e.g. [Input(1, 28, 28)]"
                : context.Input.Rank == 1
                    ? "a convolution or pooling layer cannot follow a Dense or Flatten layer, so move it before them"
                    : "give the layers before it a [channels, height, width] output";
            context.Report(DiagnosticDescriptors.NeedsSpatialInput, context.Layer.AttributeLocation, context.KindName, context.Layer.Name, context.Input, context.Source, fix);
            return false;
        }

        private static string ReducedBy(ShapeContext context) =>
            context.LastRecurrent is { } reducer ? "'" + reducer.Name + "'" : "the layer before it";
    }
}
