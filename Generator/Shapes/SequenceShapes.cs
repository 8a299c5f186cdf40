using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>The rules that existing layer kinds follow when a sequence reaches them.</summary>
    internal static class SequenceShapes
    {
        /// <summary><c>[Dense(units)]</c> after a sequence applies to every step: [T, in] → [T, units].</summary>
        public static ShapedLayer? TimeDistributedDense(ShapeContext context)
        {
            var layer = context.Layer;
            if (!AcceptsFeatures(context))
            {
                return null;
            }

            if (layer.FlattenFirst)
            {
                return RejectFlatten(context);
            }

            if (!SizeChecks.IsPositive(context, layer.Size!, "units", ", e.g. [Dense(10)] for 10 outputs")
                || !SizeChecks.Fits(context, "weight", new long[] { layer.Size!.Value, context.Input[0] }, layer.Size, "use fewer units"))
            {
                return null;
            }

            // "with" keeps a step count fixed at build time (a sequence made by [ToSequence]).
            return new ShapedLayer(layer, context.Input, context.Input with { Dimensions = EquatableArray.Create(layer.Size.Value) }, 0, 0, 0, 0);
        }

        /// <summary>Reports a Flatten of a sequence, standalone or fused before Dense.</summary>
        public static ShapedLayer? RejectFlatten(ShapeContext context)
        {
            var reduce = context.LastRecurrent is { } recurrent
                ? "give '" + recurrent.Name + "' ReturnSequences = false for one vector per sequence"
                : "reduce the sequence to one vector first with a recurrent layer, e.g. [Lstm(64, ReturnSequences = false)]";
            context.Report(DiagnosticDescriptors.FlattenOfSequence, context.Layer.AttributeLocation, context.KindName, context.Layer.Name, context.Input, context.Source, reduce);
            return null;
        }

        /// <summary>Reports token ids reaching a layer that needs feature vectors.</summary>
        public static bool AcceptsFeatures(ShapeContext context)
        {
            if (context.Input.Sequence != SequenceKind.Tokens)
            {
                return true;
            }

            context.Report(
                DiagnosticDescriptors.TokensNeedEncoding, context.Layer.AttributeLocation, context.KindName, context.Layer.Name, context.Input, context.Source, context.Input[0]);
            return false;
        }

        /// <summary>Reports a fused activation on a layer that takes none.</summary>
        public static bool HasNoActivation(ShapeContext context)
        {
            var activation = context.Layer.Activation;
            if (activation.IsNone)
            {
                return true;
            }

            context.Report(DiagnosticDescriptors.ActivationOnSequenceLayer, context.Layer.AttributeLocation, activation.Kind, context.KindName, context.Layer.Name);
            return false;
        }
    }
}
