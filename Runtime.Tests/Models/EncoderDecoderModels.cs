using static Strata.Dims;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// d2l's encoder–decoder with Bahdanau attention, declared: a source of 9 token ids, a target of 7, an embedding and a
/// GRU encoder, the target's embedding, the attention decoder starting from the encoder's final state, and the dense head.
/// Its parameters come in the runtime AttentionSeq2Seq's order but for the target embedding, which comes before the decoder.
/// </summary>
[Model, Input(Sequence, Tokens, 9), SecondInput("target", Sequence, Tokens, 7)]
public partial class TinySeq2Seq
{
    [Embedding(9, 4)]                                                       public partial Embedding SourceEmbedding { get; }
    [Gru(5)]                                                                public partial Gru Encoder { get; }
    [From("target"), Embedding(7, 4)]                                       public partial Embedding TargetEmbedding { get; }
    [AttentionGru(5, MemoryFrom = nameof(Encoder), AttentionHidden = 3, StateFromMemory = true)] public partial AttentionGru Decoder { get; }
    [Dense(7)]                                                              public partial Dense Head { get; }
}

/// <summary>
/// Two feature inputs, so that both gradients reach the inputs: the memory a per-step dense layer of the source, 6 wide
/// while the decoder is 4 (attention projects keys of any width), and the decoder starting from zeros.
/// </summary>
[Model, Input(Sequence, 3), SecondInput("target", Sequence, 2)]
public partial class FeatureSeq2Seq
{
    [Dense(6), Tanh]                                           public partial Dense Memory { get; }
    [From("target"), AttentionGru(4, MemoryFrom = nameof(Memory))] public partial AttentionGru Decoder { get; }
    [Dense(3)]                                                 public partial Dense Head { get; }
}
