using Strata.Generator.Model;

namespace Strata.Generator.Shapes
{
    /// <summary>How messages name a layer kind: as its attribute.</summary>
    internal static class LayerNames
    {
        public static string Of(LayerKind kind) => kind switch
        {
            LayerKind.Conv => "Conv",
            LayerKind.MaxPool => "MaxPool",
            LayerKind.AvgPool => "AvgPool",
            LayerKind.Dense => "Dense",
            LayerKind.Dropout => "Dropout",
            LayerKind.Rnn => "Rnn",
            LayerKind.Lstm => "Lstm",
            LayerKind.Gru => "Gru",
            LayerKind.Embedding => "Embedding",
            LayerKind.OneHot => "OneHot",
            _ => "Flatten",
        };
    }
}
