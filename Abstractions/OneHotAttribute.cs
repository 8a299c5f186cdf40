using System;

namespace Strata
{
    /// <summary>
    /// One-hot encoding of token ids, as PyTorch's <c>F.one_hot(ids, vocab).float()</c>: [T] ids → [T, vocab]. No
    /// parameters. It must directly follow <c>[Input(Sequence, Tokens, vocab)]</c> with the same vocabulary size.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class OneHotAttribute : LayerAttribute
    {
        /// <summary>Declares a one-hot encoding of <paramref name="vocab"/> token ids.</summary>
        public OneHotAttribute(int vocab) => Vocab = vocab;

        /// <summary>The number of token ids, 0..vocab−1.</summary>
        public int Vocab { get; }
    }
}
