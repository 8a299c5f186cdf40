namespace Strata.Generator.Model
{
    /// <summary>Whether a shape has a leading time dimension whose length is known only at run time, and what each step holds.</summary>
    internal enum SequenceKind
    {
        /// <summary>No time dimension: a fixed per-sample shape.</summary>
        None,

        /// <summary>[T, features...]: each step is a feature vector.</summary>
        Features,

        /// <summary>[T] token ids; the one dimension kept is the vocabulary size.</summary>
        Tokens,
    }
}
