using static Strata.Dims;

namespace Strata.Benchmarks;

/// <summary>PyTorch's <c>nn.TransformerEncoderLayer(d, heads, feedForward, batch_first=True)</c>, post-norm, as a block (dropout is the identity in evaluation).</summary>
[Block]
public partial class BenchmarkEncoderLayer(int heads, int feedForward)
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

/// <summary>The issue-14 case: a 4-layer Transformer encoder of width 256 with 4 heads and a feed-forward of 4·256 = 1024, every step's output.</summary>
[Model, Input(Sequence, 256)]
public partial class TransformerEncoderModel
{
    public BenchmarkEncoderLayer[] Encoder { get; } = Blocks.Repeat(4, i => new BenchmarkEncoderLayer(4, 1024));
}
