using static Strata.Dims;

namespace Strata.Samples;

/// <summary>
/// Sentiment over characters with a Transformer encoder: an embedding, sinusoidal positions, two post-norm encoder
/// layers of 4 heads whose attention ignores the padding, the mean over each sentence's own characters, and a
/// two-class read-out.
/// </summary>
[Model, Input(Sequence, Tokens, SentimentModel.VocabularyCapacity)]
public partial class SentimentTransformer
{
    [Embedding(SentimentModel.VocabularyCapacity, 64)]  public partial Embedding Embed { get; }
    [PositionalEncoding]                                public partial PositionalEncoding Positions { get; }
    [Dropout(0.1)]                                      public partial Dropout PositionDropout { get; }
    public TransformerEncoderLayer[] Encoder { get; } = [new(4, 128), new(4, 128)];
    [MeanOverSteps]                                     public partial MeanOverSteps Pool { get; }
    [Dense(2)]                                          public partial Dense Out { get; }
}
