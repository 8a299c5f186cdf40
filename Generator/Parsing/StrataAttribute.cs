using Microsoft.CodeAnalysis;
using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>What a Strata attribute on a property means: a layer, an activation, or neither.</summary>
    internal readonly struct StrataAttribute
    {
        private StrataAttribute(string displayName, LayerKind? layer, ActivationKind? activation)
        {
            DisplayName = displayName;
            Layer = layer;
            Activation = activation;
        }

        /// <summary>The name as users write it, e.g. <c>Conv</c>.</summary>
        public string DisplayName { get; }

        public LayerKind? Layer { get; }

        public ActivationKind? Activation { get; }

        public bool IsStrata => Layer is not null || Activation is not null;

        public static StrataAttribute Classify(AttributeData attribute)
        {
            var type = attribute.AttributeClass;
            if (type is null || type.ContainingNamespace?.ToDisplayString() != "Strata" || type.ContainingType is not null)
            {
                return default;
            }

            return type.Name switch
            {
                "ConvAttribute" => new StrataAttribute("Conv", LayerKind.Conv, null),
                "MaxPoolAttribute" => new StrataAttribute("MaxPool", LayerKind.MaxPool, null),
                "AvgPoolAttribute" => new StrataAttribute("AvgPool", LayerKind.AvgPool, null),
                "DenseAttribute" => new StrataAttribute("Dense", LayerKind.Dense, null),
                "FlattenAttribute" => new StrataAttribute("Flatten", LayerKind.Flatten, null),
                "DropoutAttribute" => new StrataAttribute("Dropout", LayerKind.Dropout, null),
                "RnnAttribute" => new StrataAttribute("Rnn", LayerKind.Rnn, null),
                "LstmAttribute" => new StrataAttribute("Lstm", LayerKind.Lstm, null),
                "GruAttribute" => new StrataAttribute("Gru", LayerKind.Gru, null),
                "EmbeddingAttribute" => new StrataAttribute("Embedding", LayerKind.Embedding, null),
                "OneHotAttribute" => new StrataAttribute("OneHot", LayerKind.OneHot, null),
                "ReluAttribute" => new StrataAttribute("Relu", null, ActivationKind.Relu),
                "SigmoidAttribute" => new StrataAttribute("Sigmoid", null, ActivationKind.Sigmoid),
                "TanhAttribute" => new StrataAttribute("Tanh", null, ActivationKind.Tanh),
                "Relu6Attribute" => new StrataAttribute("Relu6", null, ActivationKind.Relu6),
                _ => default,
            };
        }

        /// <summary>The runtime handle type a property with this layer must have.</summary>
        public static string HandleTypeOf(LayerKind kind) => kind switch
        {
            LayerKind.Conv => "Strata.Conv2d",
            LayerKind.MaxPool or LayerKind.AvgPool => "Strata.Pool2d",
            LayerKind.Dense => "Strata.Dense",
            LayerKind.Dropout => "Strata.Dropout",
            LayerKind.Rnn => "Strata.Rnn",
            LayerKind.Lstm => "Strata.Lstm",
            LayerKind.Gru => "Strata.Gru",
            LayerKind.Embedding => "Strata.Embedding",
            LayerKind.OneHot => "Strata.OneHot",
            _ => "Strata.Flatten",
        };
    }
}
