using Strata.Generator.Model;

namespace Strata.Generator.Parsing
{
    /// <summary>Reads the arguments of <c>[Rnn]</c>, <c>[Lstm]</c>, <c>[Gru]</c>, <c>[Embedding]</c> and <c>[OneHot]</c>.</summary>
    internal static class SequenceLayerArguments
    {
        // RnnActivation's values in Strata.Abstractions.
        public const int RnnTanh = 0;
        public const int RnnRelu = 1;

        /// <summary>
        /// The sequence arguments, with <paramref name="size"/> set to the hidden size (recurrent) or dim (Embedding);
        /// null when an argument did not bind.
        /// </summary>
        public static SequenceArguments? Read(LayerKind kind, AttributeArguments arguments, out LayerArgument? size)
        {
            size = null;
            LayerArgument? vocab = null;
            switch (kind)
            {
                case LayerKind.Embedding:
                    vocab = arguments.ConstructorInt("vocab");
                    size = arguments.ConstructorInt("dim");
                    if (vocab is null || size is null)
                    {
                        return null;
                    }

                    break;
                case LayerKind.OneHot:
                    vocab = arguments.ConstructorInt("vocab");
                    if (vocab is null)
                    {
                        return null;
                    }

                    break;
                default:
                    size = arguments.ConstructorInt("hidden");
                    if (size is null)
                    {
                        return null;
                    }

                    break;
            }

            var activation = kind == LayerKind.Rnn ? arguments.ConstructorInt("activation") : null;
            return new SequenceArguments(
                vocab,
                arguments.NamedInt("Layers", fallback: 1),
                arguments.NamedBool("Bidirectional", fallback: false),
                arguments.NamedBool("ReturnSequences", fallback: true),
                arguments.NamedDouble("Dropout"),
                activation?.Value == RnnRelu,
                activation);
        }
    }
}
