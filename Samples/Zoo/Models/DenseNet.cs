namespace Strata.Zoo;

// DenseNet as torchvision builds it (torchvision/models/densenet.py, memory_efficient aside): bottleneck dense layers
// (BN-ReLU-1×1 conv to bnSize·growth, BN-ReLU-3×3 conv to growth, no conv biases), transitions that halve the
// channels and the resolution, a final BatchNorm + ReLU, a global average pool and a Linear classifier.

/// <summary>torchvision's <c>_DenseLayer</c>: its new features joined after its input.</summary>
[Block]
public partial class DenseNetLayer(int growth, int bnSize)
{
    [BatchNorm, Relu]                             public partial BatchNorm Norm1 { get; }
    [Conv("bnSize * growth", 1, bias: false)]     public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Norm2 { get; }
    [Conv(nameof(growth), 3, pad: 1, bias: false)] public partial Conv2d Conv2 { get; }
    [Concat(Graph.Input, nameof(Conv2))]          public partial Concat Out { get; }
}

/// <summary>torchvision's <c>_DenseBlock</c>: <c>layers</c> dense layers, each reading all the features before it.</summary>
[Block]
public partial class DenseNetBlock(int layers, int growth)
{
    public DenseNetLayer[] Layers { get; } = Blocks.Repeat(layers, i => new DenseNetLayer(growth, 4));
}

/// <summary>torchvision's <c>_Transition</c>: BN, ReLU, a 1×1 conv to half the channels, a 2×2 average pool.</summary>
[Block]
public partial class DenseNetTransition
{
    [BatchNorm, Relu]                             public partial BatchNorm Norm { get; }
    [Conv("inChannels / 2", 1, bias: false)]      public partial Conv2d Conv { get; }
    [AvgPool(2)]                                  public partial Pool2d Pool { get; }
}

/// <summary>DenseNet-121 (growth 32, blocks 6-12-24-16, 64 initial features): torchvision's <c>densenet121()</c>, 7,978,856 parameters.</summary>
[Model, Input(3, 224, 224)]
public partial class DenseNet121
{
    [Conv(64, 7, stride: 2, pad: 3, bias: false)]  public partial Conv2d Conv0 { get; }
    [BatchNorm, Relu]                              public partial BatchNorm Norm0 { get; }
    [MaxPool(3, stride: 2, pad: 1)]                public partial Pool2d Pool0 { get; }
    public DenseNetBlock DenseBlock1 { get; } = new(6, 32);
    public DenseNetTransition Transition1 { get; } = new();
    public DenseNetBlock DenseBlock2 { get; } = new(12, 32);
    public DenseNetTransition Transition2 { get; } = new();
    public DenseNetBlock DenseBlock3 { get; } = new(24, 32);
    public DenseNetTransition Transition3 { get; } = new();
    public DenseNetBlock DenseBlock4 { get; } = new(16, 32);
    [BatchNorm, Relu]                              public partial BatchNorm Norm5 { get; }
    [GlobalAvgPool]                                public partial GlobalAvgPool Pool { get; }
    [Dense(1000)]                                  public partial Dense Classifier { get; }
}
