namespace Strata.Samples;

/// <summary>
/// PyTorch's <c>nn.TransformerEncoderLayer(d, heads, feedForward, dropout=0.1, activation="relu", batch_first=True,
/// norm_first=normFirst)</c> as a block, shared by the samples and benchmarks that link this file (a block is expanded from
/// its source, so each project compiles it): post-norm h = norm1(x + dropout1(attn(x))),
/// y = norm2(h + dropout2(linear2(dropout(relu(linear1(h)))))) by default; pre-norm h = x + dropout1(attn(norm1(x))),
/// y = h + dropout2(linear2(dropout(relu(linear1(norm2(h)))))). <c>dropout: false</c> leaves the three dropouts out.
/// </summary>
[Block]
public partial class TransformerEncoderLayer(int heads, int feedForward, bool normFirst = false, bool dropout = true)
{
    [When(nameof(normFirst)), LayerNorm]               public partial LayerNorm NormFirst1 { get; }
    [MultiHeadAttention(nameof(heads))]                public partial MultiHeadAttention SelfAttn { get; }
    [When(nameof(dropout)), Dropout(0.1)]              public partial Dropout Dropout1 { get; }
    [Add(Graph.Input, nameof(Dropout1))]               public partial Add Residual1 { get; }
    [When("!normFirst"), LayerNorm]                    public partial LayerNorm Norm1 { get; }
    [When(nameof(normFirst)), LayerNorm]               public partial LayerNorm NormFirst2 { get; }
    [Dense(nameof(feedForward)), Relu]                 public partial Dense Linear1 { get; }
    [When(nameof(dropout)), Dropout(0.1)]              public partial Dropout FeedForwardDropout { get; }
    [Dense(Graph.InChannels)]                          public partial Dense Linear2 { get; }
    [When(nameof(dropout)), Dropout(0.1)]              public partial Dropout Dropout2 { get; }
    [Add(nameof(Norm1), nameof(Dropout2))]             public partial Add Residual2 { get; }
    [When("!normFirst"), LayerNorm]                    public partial LayerNorm Norm2 { get; }
}
