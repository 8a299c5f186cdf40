namespace Strata
{
    /// <summary>
    /// Markers for <c>[Input]</c> of sequence models, written with <c>using static Strata.Dims;</c>:
    /// <c>[Input(Sequence, 28)]</c> for sequences of 28 features and <c>[Input(Sequence, Tokens, 1000)]</c> for sequences
    /// of token ids below 1000. The sequence length is dynamic, like the batch.
    /// </summary>
    public static class Dims
    {
        /// <summary>The time dimension: first in <c>[Input]</c>, its length is known only at run time.</summary>
        public const int Sequence = -1;

        /// <summary>After <see cref="Sequence"/>: each step is one token id, followed by the vocabulary size.</summary>
        public const int Tokens = -2;
    }
}
