namespace Strata.Runtime.Tests.Seq2Seq;

/// <summary>
/// The sizes of an <see cref="AttentionSeq2Seq"/>: the two vocabularies, the embedding width (both sides), the GRU
/// width H (encoder and decoder: the decoder starts from the encoder's final state, so they must agree) and the
/// additive attention's width A (d2l's <c>num_hiddens</c>, H by default).
/// </summary>
internal sealed record Seq2SeqSizes(int SourceVocabulary, int TargetVocabulary, int Embedding, int Hidden, int AttentionHidden = 0)
{
    /// <summary>A, or H when not set.</summary>
    public int Attention => AttentionHidden > 0 ? AttentionHidden : Hidden;

    internal void Check()
    {
        if (SourceVocabulary < 1 || TargetVocabulary < 1 || Embedding < 1 || Hidden < 1 || AttentionHidden < 0)
        {
            throw new ArgumentException($"Every size must be positive, got {this}.");
        }
    }
}
