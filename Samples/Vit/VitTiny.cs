namespace Strata.Samples;

/// <summary>
/// A pre-norm Transformer encoder layer with a GELU feed-forward, as ViT's <c>Block</c> (timm) without dropout:
/// h = x + attn(norm1(x)), y = h + fc2(gelu(fc1(norm2(h)))).
/// </summary>
[Block]
public partial class VitBlock(int heads, int mlp)
{
    [LayerNorm]                             public partial LayerNorm Norm1 { get; }
    [MultiHeadAttention(nameof(heads))]     public partial MultiHeadAttention Attn { get; }
    [Add(Graph.Input, nameof(Attn))]        public partial Add Residual1 { get; }
    [LayerNorm]                             public partial LayerNorm Norm2 { get; }
    [Dense(nameof(mlp))]                    public partial Dense Fc1 { get; }
    [Gelu]                                  public partial Gelu Act { get; }
    [Dense(Graph.InChannels)]               public partial Dense Fc2 { get; }
    [Add(nameof(Residual1), nameof(Fc2))]   public partial Add Residual2 { get; }
}

/// <summary>
/// ViT-tiny for MNIST: 7×7 patches of a 28×28 digit as 16 tokens of 64, a class token, 17 learned positions, three
/// encoder blocks of 4 heads with an MLP of 128, a final LayerNorm, and a linear head on the class token.
/// </summary>
[Model, Input(1, 28, 28)]
public partial class VitTiny
{
    [PatchEmbedding(64, 7)]                 public partial PatchEmbedding Patches { get; }
    [ClassToken]                            public partial ClassToken Cls { get; }
    [PositionEmbedding(17)]                 public partial PositionEmbedding Positions { get; }
    public VitBlock[] Blocks { get; } = Strata.Blocks.Repeat(3, i => new VitBlock(4, 128));
    [LayerNorm]                             public partial LayerNorm Norm { get; }
    [TakeStep(0)]                           public partial TakeStep ClsOut { get; }
    [Dense(10)]                             public partial Dense Head { get; }
}
