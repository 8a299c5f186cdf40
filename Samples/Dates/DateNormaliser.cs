using static Strata.Dims;

namespace Strata.Samples;

/// <summary>
/// d2l's encoder–decoder with Bahdanau attention (§11.4), declared: the source characters' embedding and a GRU encoder,
/// the shifted target's embedding, the attention-GRU decoder starting from the encoder's final state, and the dense head
/// over the 14 target tokens. Checked at build time (the decoder's width against the encoder's, STRATA0091).
/// </summary>
[Model, Input(Sequence, Tokens, DateTokens.SourceVocabulary), SecondInput("target", Sequence, Tokens, DateTokens.TargetVocabulary)]
public partial class DateNormaliser
{
    [Embedding(DateTokens.SourceVocabulary, 32)]                              public partial Embedding SourceEmbedding { get; }
    [Gru(64)]                                                                 public partial Gru Encoder { get; }
    [From("target"), Embedding(DateTokens.TargetVocabulary, 32)]              public partial Embedding TargetEmbedding { get; }
    [AttentionGru(64, MemoryFrom = nameof(Encoder), StateFromMemory = true)]  public partial AttentionGru Decoder { get; }
    [Dense(DateTokens.TargetVocabulary)]                                      public partial Dense Head { get; }
}
