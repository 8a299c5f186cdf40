using Microsoft.CodeAnalysis;
using Strata.Generator.Activations;
using Strata.Generator.Layers;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>
    /// What a Strata attribute on a property means: a layer (through <see cref="LayerRegistry"/>), an activation (through
    /// <see cref="ActivationRegistry"/>), a layer or activation attribute that no definition knows (an internal error), or
    /// nothing Strata reads.
    /// </summary>
    internal readonly struct StrataAttribute
    {
        private StrataAttribute(string displayName, LayerDefinition? layer, ActivationDefinition? activation, bool unknownLayer = false, bool from = false, bool when = false, bool init = false)
        {
            IsFrom = from;
            IsWhen = when;
            IsInit = init;
            DisplayName = displayName;
            Layer = layer;
            Activation = activation;
            IsUnknownLayer = unknownLayer;
        }

        /// <summary>The name as users write it, e.g. <c>Conv</c>.</summary>
        public string DisplayName { get; }

        public LayerDefinition? Layer { get; }

        public ActivationDefinition? Activation { get; }

        /// <summary>A <c>Strata.LayerAttribute</c> or <c>Strata.ActivationAttribute</c> that no registry knows: a Strata bug, never another layer or activation.</summary>
        public bool IsUnknownLayer { get; }

        /// <summary><c>[From(name)]</c>: the layer reads that layer instead of the one declared before it.</summary>
        public bool IsFrom { get; }

        /// <summary><c>[When(condition)]</c>: inside a block, the layer exists only in the uses where the condition holds.</summary>
        public bool IsWhen { get; }

        /// <summary><c>[Init(weights, bias)]</c>: the layer's parameters start with those schemes instead of the layer's default.</summary>
        public bool IsInit { get; }

        public bool IsStrata => Layer is not null || Activation is not null || IsUnknownLayer || IsFrom || IsWhen || IsInit;

        public static StrataAttribute Classify(AttributeData attribute)
        {
            var type = attribute.AttributeClass;
            if (type is null || type.ContainingNamespace?.ToDisplayString() != "Strata" || type.ContainingType is not null)
            {
                return default;
            }

            var displayName = type.Name.EndsWith("Attribute", System.StringComparison.Ordinal)
                ? type.Name.Substring(0, type.Name.Length - "Attribute".Length)
                : type.Name;
            if (LayerRegistry.ForAttribute(type.Name) is { } layer)
            {
                return new StrataAttribute(layer.Name, layer, null);
            }

            if (type.Name == "FromAttribute")
            {
                return new StrataAttribute("From", null, null, from: true);
            }

            if (type.Name == "WhenAttribute")
            {
                return new StrataAttribute("When", null, null, when: true);
            }

            if (type.Name == "InitAttribute")
            {
                return new StrataAttribute("Init", null, null, init: true);
            }

            if (ActivationRegistry.ForAttribute(type.Name) is { } activation)
            {
                return new StrataAttribute(activation.Name, null, activation);
            }

            return DerivesFrom(type, "LayerAttribute") || DerivesFrom(type, "ActivationAttribute")
                ? new StrataAttribute(displayName, null, null, unknownLayer: true)
                : default;
        }

        private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.Name == baseName && current.ContainingNamespace?.ToDisplayString() == "Strata")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
