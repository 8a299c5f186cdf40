using System.Collections.Generic;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// The one map from layer attributes to their definitions. A kind it does not know is an internal error that the
    /// stage reports, never another layer.
    /// </summary>
    internal static class LayerRegistry
    {
        private static readonly LayerDefinition[] All =
        {
            Conv.Definition, MaxPool.Definition, AvgPool.Definition, Dense.Definition, Flatten.Definition, Dropout.Definition,
            Rnn.Definition, Lstm.Definition, Gru.Definition, Embedding.Definition, OneHot.Definition, Add.Definition,
            Concat.Definition, Softmax.Definition, Gelu.Definition,
            ConvTranspose.Definition, GlobalAvgPool.Definition, BatchNorm.Definition,
            LayerNorm.Definition, AdaptiveAvgPool.Definition, ToSequence.Definition,
            MultiHeadAttention.Definition, PositionalEncoding.Definition, PositionEmbedding.Definition, ClassToken.Definition,
            TakeStep.Definition, MeanOverSteps.Definition, PatchEmbedding.Definition, AttentionGru.Definition,
        };

        private static readonly Dictionary<string, LayerDefinition> ByAttribute = Index(d => d.Name + "Attribute");

        private static readonly Dictionary<LayerKind, LayerDefinition> ByKind = IndexByKind();

        /// <summary>The definition of the attribute type named <paramref name="attributeTypeName"/> (<c>ConvAttribute</c>) in namespace Strata.</summary>
        public static LayerDefinition? ForAttribute(string attributeTypeName) =>
            ByAttribute.TryGetValue(attributeTypeName, out var definition) ? definition : null;

        /// <summary>The layers users can declare, in the order messages list them.</summary>
        public static IReadOnlyList<LayerDefinition> Definitions => All;

        /// <summary>The first layer whose property has the handle type <paramref name="handleType"/> (<c>Strata.Pool2d</c>); null when none has.</summary>
        public static LayerDefinition? ForHandleType(string handleType)
        {
            foreach (var definition in All)
            {
                if (definition.HandleType == handleType)
                {
                    return definition;
                }
            }

            return null;
        }

        /// <summary>The definition of <paramref name="kind"/>; a kind without one is an internal error.</summary>
        public static LayerDefinition For(LayerKind kind) =>
            ByKind.TryGetValue(kind, out var definition)
                ? definition
                : throw new KeyNotFoundException($"no layer definition is registered for the layer kind '{kind}'");

        private static Dictionary<string, LayerDefinition> Index(System.Func<LayerDefinition, string> key)
        {
            var index = new Dictionary<string, LayerDefinition>();
            foreach (var definition in All)
            {
                index.Add(key(definition), definition);
            }

            return index;
        }

        private static Dictionary<LayerKind, LayerDefinition> IndexByKind()
        {
            var index = new Dictionary<LayerKind, LayerDefinition>();
            foreach (var definition in All)
            {
                index.Add(definition.Kind, definition);
            }

            return index;
        }
    }
}
