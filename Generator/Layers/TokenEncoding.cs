using Strata.Generator.Diagnostics;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary>What Embedding and OneHot share: they read token ids &lt; vocab, [T] → [T, features], and take no activation.</summary>
    internal abstract class TokenEncoding : LayerDefinition
    {
        /// <summary>Features per token: the embedding's dim, or the vocabulary for one-hot vectors.</summary>
        protected abstract int Features(LayerSpec spec);

        /// <summary>The argument that makes the largest tensor, and the fix when it is too large.</summary>
        protected abstract (string Tensor, LayerArgument Cause, string Fix) Largest(LayerSpec spec);

        public override LayerSpec? Read(LayerSpec spec, AttributeArguments arguments)
        {
            var vocab = arguments.ConstructorInt("vocab");
            return vocab is null || !ReadSize(arguments, out var size)
                ? null
                : spec with { Size = size, Sequence = SequenceLayerArguments.Read(arguments, vocab, null) };
        }

        /// <summary>Reads the layer's own size argument (Embedding's dim); false when it does not bind.</summary>
        protected virtual bool ReadSize(AttributeArguments arguments, out LayerArgument? size)
        {
            size = null;
            return true;
        }

        public override ShapedLayer? Infer(ShapeContext context)
        {
            var layer = context.Layer;
            if (context.Input.Sequence != SequenceKind.Tokens)
            {
                context.Report(DiagnosticDescriptors.TokenLayerNeedsTokens, layer.AttributeLocation, Name, layer.Name, context.Input, context.Source);
                return null;
            }

            var vocab = layer.Sequence!.Vocab!;
            var valid = SequenceShapes.HasNoActivation(context);
            valid &= SizeChecks.IsPositive(context, vocab, "vocab", " (the number of token ids)");
            valid &= CheckSizes(context);
            if (!valid)
            {
                return null;
            }

            if (vocab.Value != context.Input[0])
            {
                context.Report(DiagnosticDescriptors.VocabularyMismatch, vocab.Location, Name, layer.Name, vocab.Value, context.Input[0]);
                return null;
            }

            var (tensor, cause, fix) = Largest(layer);
            if (!SizeChecks.Fits(context, tensor, new long[] { vocab.Value, Features(layer) }, cause, fix))
            {
                return null;
            }

            return new ShapedLayer(layer, context.Input, context.Input with { Dimensions = EquatableArray.Create(Features(layer)), Sequence = SequenceKind.Features }, 0, 0, 0, 0);
        }

        /// <summary>Checks of the layer's own sizes.</summary>
        protected virtual bool CheckSizes(ShapeContext context) => true;
    }
}
