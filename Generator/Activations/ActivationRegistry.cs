using System.Collections.Generic;

namespace Strata.Generator.Activations
{
    /// <summary>
    /// The one map from activation attributes to their definitions. A name it does not know is an internal error, never
    /// another activation.
    /// </summary>
    internal static class ActivationRegistry
    {
        private static readonly ActivationDefinition[] All =
        {
            Identity.Definition, Relu.Definition, Sigmoid.Definition, Tanh.Definition, Relu6.Definition, LeakyRelu.Definition,
        };

        private static readonly Dictionary<string, ActivationDefinition> ByName = Index();

        /// <summary>The definition of the attribute type named <paramref name="attributeTypeName"/> (<c>ReluAttribute</c>); null when it is no activation.</summary>
        public static ActivationDefinition? ForAttribute(string attributeTypeName) =>
            attributeTypeName.EndsWith("Attribute", System.StringComparison.Ordinal)
            && ByName.TryGetValue(attributeTypeName.Substring(0, attributeTypeName.Length - "Attribute".Length), out var definition)
            && definition != Identity.Definition
                ? definition
                : null;

        /// <summary>The definition named <paramref name="name"/>; a name without one is an internal error.</summary>
        public static ActivationDefinition For(string name) =>
            ByName.TryGetValue(name, out var definition)
                ? definition
                : throw new KeyNotFoundException($"no activation definition is registered for '{name}'");

        private static Dictionary<string, ActivationDefinition> Index()
        {
            var index = new Dictionary<string, ActivationDefinition>();
            foreach (var definition in All)
            {
                index.Add(definition.Name, definition);
            }

            return index;
        }
    }
}
