using System;

namespace Strata
{
    /// <summary>
    /// A lookup table from token ids to learned vectors, as PyTorch's <c>nn.Embedding(vocab, dim)</c>: [T] ids → [T, dim].
    /// It must directly follow <c>[Input(Sequence, Tokens, vocab)]</c> with the same vocabulary size.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class EmbeddingAttribute : LayerAttribute
    {
        /// <summary>Declares an embedding of <paramref name="vocab"/> tokens into <paramref name="dim"/> features.</summary>
        public EmbeddingAttribute(int vocab, int dim)
        {
            Vocab = vocab;
            Dim = dim;
        }

        /// <summary>The number of token ids, 0..vocab−1.</summary>
        public int Vocab { get; }

        /// <summary>The size of each vector.</summary>
        public int Dim { get; }
    }
}
