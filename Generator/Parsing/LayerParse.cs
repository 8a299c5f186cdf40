using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>What reading one property gave.</summary>
    internal readonly struct LayerParse
    {
        private LayerParse(LayerParseOutcome outcome, LayerSpec? layer)
        {
            Outcome = outcome;
            Layer = layer;
        }

        public static LayerParse NotALayer => new(LayerParseOutcome.NotALayer, null);

        public static LayerParse Broken => new(LayerParseOutcome.Broken, null);

        public static LayerParse CompilerError => new(LayerParseOutcome.CompilerError, null);

        public LayerParseOutcome Outcome { get; }

        /// <summary>The layer, when <see cref="Outcome"/> is <see cref="LayerParseOutcome.Layer"/>.</summary>
        public LayerSpec? Layer { get; }

        public static LayerParse Of(LayerSpec layer) => new(LayerParseOutcome.Layer, layer);
    }
}
