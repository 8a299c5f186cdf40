using static Strata.Dims;

namespace Strata.Runtime.Tests.Allocation;

/// <summary>A multilayer perceptron big enough that its GEMMs fan out over the cores (batch 32: 4 MFLOP per layer).</summary>
[Model, Input(256)]
public partial class AllocationMlp
{
    [Dense(256), Relu]  public partial Dense Hidden1 { get; }
    [Dense(128), Tanh]  public partial Dense Hidden2 { get; }
    [Dense(10)]         public partial Dense Out { get; }
}

/// <summary>Two stacked LSTM layers and a per-step dense layer, sized so the recurrent steps run on the phased workers.</summary>
[Model, Input(Sequence, 32)]
public partial class AllocationLstm
{
    [Lstm(64, Layers = 2)]  public partial Lstm Encoder { get; }
    [Dense(12)]             public partial Dense Out { get; }
}

/// <summary>A bidirectional GRU tagger with max pooling avoided: the sequence path of the other recurrent cell.</summary>
[Model, Input(Sequence, 16)]
public partial class AllocationBiGru
{
    [Gru(32, Bidirectional = true)] public partial Gru Encoder { get; }
    [Dense(6)]                      public partial Dense Out { get; }
}

/// <summary>A Transformer encoder layer's parts: positions, self-attention with a residual add, LayerNorm and a per-step head.</summary>
[Model, Input(Sequence, 8)]
public partial class AllocationEncoder
{
    [PositionalEncoding]                             public partial PositionalEncoding Positions { get; }
    [MultiHeadAttention(2)]                          public partial MultiHeadAttention Attention { get; }
    [Add(nameof(Positions), nameof(Attention))]      public partial Add Residual { get; }
    [LayerNorm]                                      public partial LayerNorm Norm { get; }
    [Dense(5)]                                       public partial Dense Out { get; }
}

/// <summary>Pooling and dense layers without a convolution: the image path apart from the conv kernels.</summary>
[Model, Input(4, 16, 16)]
public partial class AllocationPoolNet
{
    [MaxPool(2)]                        public partial Pool2d P1 { get; }
    [AvgPool(3, stride: 1, pad: 1)]     public partial Pool2d P2 { get; }
    [MaxPool(3, stride: 2, pad: 1)]     public partial Pool2d P3 { get; }
    [Flatten, Dense(64), Relu]          public partial Dense F { get; }
    [Dense(10)]                         public partial Dense Out { get; }
}
