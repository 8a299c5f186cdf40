namespace Strata.Generator.Model
{
    /// <summary>The operations of a sequence model.</summary>
    internal enum SequenceOpKind
    {
        Embedding,
        OneHot,
        Recurrent,
        Dense,
    }
}
