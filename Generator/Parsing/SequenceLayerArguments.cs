using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>The named options that <c>[Rnn]</c>, <c>[Lstm]</c>, <c>[Gru]</c>, <c>[Embedding]</c> and <c>[OneHot]</c> share; each definition reads its own sizes.</summary>
    internal static class SequenceLayerArguments
    {
        // RnnActivation's values in Strata.Abstractions.
        public const int RnnTanh = 0;
        public const int RnnRelu = 1;

        /// <summary>
        /// The options every sequence layer's attribute carries (Layers, Bidirectional, ReturnSequences, Dropout), with the
        /// vocabulary and Rnn activation that the layer's definition read itself.
        /// </summary>
        public static SequenceArguments Read(AttributeArguments arguments, LayerArgument? vocab, LayerArgument? activation) =>
            new(
                vocab,
                arguments.NamedInt("Layers", fallback: 1),
                arguments.NamedBool("Bidirectional", fallback: false),
                arguments.NamedBool("ReturnSequences", fallback: true),
                arguments.NamedDouble("Dropout"),
                activation?.Value == RnnRelu,
                activation);
    }
}
