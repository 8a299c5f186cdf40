using Strata.Generator.Diagnostics;
using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>
    /// <c>[Embedding(vocab, dim)]</c>: [T] token ids → [T, dim]; <c>[OneHot(vocab)]</c>: [T] token ids → [T, vocab]. Both
    /// read the model's token input directly, with its vocabulary size.
    /// </summary>
    internal static class TokenEncodingShapeRule
    {
        public static ShapedLayer? Apply(ShapeContext context)
        {
            var layer = context.Layer;
            if (context.Input.Sequence != SequenceKind.Tokens)
            {
                context.Report(DiagnosticDescriptors.TokenLayerNeedsTokens, layer.AttributeLocation, context.KindName, layer.Name, context.Input, context.Source);
                return null;
            }

            var vocab = layer.Sequence!.Vocab!;
            var valid = SequenceShapes.HasNoActivation(context);
            valid &= SizeChecks.IsPositive(context, vocab, "vocab", " (the number of token ids)");
            if (layer.Kind == LayerKind.Embedding)
            {
                valid &= SizeChecks.IsPositive(context, layer.Size!, "dim", ", e.g. [Embedding(1000, 32)] for 32 features per token");
            }

            if (!valid)
            {
                return null;
            }

            if (vocab.Value != context.Input[0])
            {
                context.Report(DiagnosticDescriptors.VocabularyMismatch, vocab.Location, context.KindName, layer.Name, vocab.Value, context.Input[0]);
                return null;
            }

            var features = layer.Kind == LayerKind.Embedding ? layer.Size!.Value : vocab.Value;
            var embedding = layer.Kind == LayerKind.Embedding;
            if (!SizeChecks.Fits(
                    context,
                    embedding ? "weight" : "output",
                    new long[] { vocab.Value, features },
                    embedding ? layer.Size : vocab,
                    embedding ? "use a smaller dim" : "use a smaller vocabulary"))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, new Shape(EquatableArray.Create(features), SequenceKind.Features), 0, 0, 0, 0);
        }
    }
}
