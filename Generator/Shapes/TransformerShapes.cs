using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>The rule the Transformer layers share: they read a sequence of feature vectors.</summary>
    internal static class TransformerShapes
    {
        /// <summary>Reports token ids (STRATA0043) or an input that is no sequence (STRATA0040, with the fix for an image or a vector).</summary>
        public static bool NeedsFeatureSequence(ShapeContext context)
        {
            if (!SequenceShapes.AcceptsFeatures(context))
            {
                return false;
            }

            var input = context.Input;
            if (input.IsSequence)
            {
                return true;
            }

            context.Report(
                DiagnosticDescriptors.RecurrentNeedsSequence, context.Layer.AttributeLocation, context.KindName, context.Layer.Name, input, context.Source,
                input.Rank == 3
                    ? "make the image a sequence first, e.g. [PatchEmbedding(dim, patch)] or [ToSequence(SequenceAxis.Pixels)]"
                    : "declare a sequence input, [Input(Sequence, features)], or keep the sequence the layers before it make");
            return false;
        }
    }
}
