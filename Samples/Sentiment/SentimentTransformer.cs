using static Strata.Dims;

namespace Strata.Samples;

/// <summary>
/// PyTorch's <c>nn.TransformerEncoderLayer(d, heads, feedForward, dropout=0.1, batch_first=True)</c>, post-norm:
/// h = norm1(x + dropout1(attn(x))), y = norm2(h + dropout2(linear2(dropout(relu(linear1(h)))))).
/// </summary>
[Block]
public partial class SentimentEncoderLayer(int heads, int feedForward)
{
    [MultiHeadAttention(nameof(heads))]       public partial MultiHeadAttention SelfAttn { get; }
    [Dropout(0.1)]                            public partial Dropout Dropout1 { get; }
    [Add(Graph.Input, nameof(Dropout1))]      public partial Add Residual1 { get; }
    [LayerNorm]                               public partial LayerNorm Norm1 { get; }
    [Dense(nameof(feedForward)), Relu]        public partial Dense Linear1 { get; }
    [Dropout(0.1)]                            public partial Dropout FeedForwardDropout { get; }
    [Dense(Graph.InChannels)]                 public partial Dense Linear2 { get; }
    [Dropout(0.1)]                            public partial Dropout Dropout2 { get; }
    [Add(nameof(Norm1), nameof(Dropout2))]    public partial Add Residual2 { get; }
    [LayerNorm]                               public partial LayerNorm Norm2 { get; }
}

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
    public SentimentEncoderLayer[] Encoder { get; } = [new(4, 128), new(4, 128)];
    [MeanOverSteps]                                     public partial MeanOverSteps Pool { get; }
    [Dense(2)]                                          public partial Dense Out { get; }
}
