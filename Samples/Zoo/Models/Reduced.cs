namespace Strata.Zoo;

// Reduced models for tests: the zoo's blocks (the same code) at smaller widths, depths and inputs, so that a test can
// run their forward and export in milliseconds. Tests compile no blocks of their own: a model must be declared in the
// project that declares its blocks (STRATA0074).

/// <summary>ResNet-50's body at reduced depth and input: one bottleneck per stage, 3×32×32, 7 classes.</summary>
[Model, Input(3, 32, 32)]
public partial class TinyBottleneckResNet
{
    public BottleneckResNet Net { get; } = new(1, 1, 1, 1, classes: 7);
}

/// <summary>VGG stages and head at reduced width: 3×32×32.</summary>
[Model, Input(3, 32, 32)]
public partial class TinyVgg
{
    public VggStage[] Features { get; } = [new(1, 4), new(2, 8), new(2, 8)];
    [Flatten, Dense(16), Relu] public partial Dense Fc1 { get; }
    [Dropout]                  public partial Dropout Drop { get; }
    [Dense(5)]                 public partial Dense Fc2 { get; }
}

/// <summary>NiN blocks at reduced width: 3×32×32.</summary>
[Model, Input(3, 32, 32)]
public partial class TinyNiN
{
    public NinBlock Block1 { get; } = new(8, 5, 2, 1);
    [MaxPool(3, stride: 2)] public partial Pool2d Pool1 { get; }
    [Dropout]               public partial Dropout Drop { get; }
    public NinBlock Block2 { get; } = new(5, 3, 1, 1);
    [GlobalAvgPool]         public partial GlobalAvgPool Gap { get; }
}

/// <summary>Two Inception blocks at reduced width: 3×16×16.</summary>
[Model, Input(3, 16, 16)]
public partial class TinyGoogLeNet
{
    [Conv(8, 3, pad: 1), Relu]              public partial Conv2d Conv1 { get; }
    public Inception[] Inception3 { get; } = [new(4, 4, 8, 2, 4, 4), new(6, 4, 6, 2, 2, 2)];
    [MaxPool(3, stride: 2, pad: 1)]         public partial Pool2d Pool3 { get; }
    public Inception Inception4 { get; } = new(4, 2, 4, 2, 4, 4);
    [GlobalAvgPool]                         public partial GlobalAvgPool Gap { get; }
    [Dense(5)]                              public partial Dense Fc { get; }
}

/// <summary>DenseNet's dense blocks and transition at reduced width: 3×16×16.</summary>
[Model, Input(3, 16, 16)]
public partial class TinyDenseNet
{
    [Conv(8, 3, pad: 1, bias: false)]       public partial Conv2d Conv0 { get; }
    [BatchNorm, Relu]                       public partial BatchNorm Norm0 { get; }
    public DenseNetBlock DenseBlock1 { get; } = new(2, 4);
    public DenseNetTransition Transition1 { get; } = new();
    public DenseNetBlock DenseBlock2 { get; } = new(3, 4);
    [BatchNorm, Relu]                       public partial BatchNorm Norm5 { get; }
    [GlobalAvgPool]                         public partial GlobalAvgPool Pool { get; }
    [Dense(5)]                              public partial Dense Classifier { get; }
}

/// <summary>MobileNet v1's depthwise separable convs at reduced width: 3×16×16.</summary>
[Model, Input(3, 16, 16)]
public partial class TinyMobileNetV1
{
    [Conv(8, 3, stride: 2, pad: 1, bias: false)] public partial Conv2d Stem { get; }
    [BatchNorm, Relu]                            public partial BatchNorm StemBn { get; }
    public DepthwiseSeparable[] Layers { get; } = [new(16, 1), new(16, 2), new(24, 1)];
    [GlobalAvgPool]                              public partial GlobalAvgPool Pool { get; }
    [Dense(5)]                                   public partial Dense Fc { get; }
}

/// <summary>MobileNet v2's inverted residuals (with and without expansion, with and without the add) at reduced width: 3×16×16.</summary>
[Model, Input(3, 16, 16)]
public partial class TinyMobileNetV2
{
    [Conv(8, 3, stride: 2, pad: 1, bias: false)] public partial Conv2d Stem { get; }
    [BatchNorm, Relu6]                           public partial BatchNorm StemBn { get; }
    public InvertedResidual[] Stage1 { get; } = [new(8, 1, 1)];
    public InvertedResidual[] Stage2 { get; } = Blocks.Repeat(2, i => new InvertedResidual(12, i == 0 ? 2 : 1, 6));
    [Conv(32, 1, bias: false)]                   public partial Conv2d Head { get; }
    [BatchNorm, Relu6]                           public partial BatchNorm HeadBn { get; }
    [GlobalAvgPool]                              public partial GlobalAvgPool Pool { get; }
    [Dropout(0.2)]                               public partial Dropout Drop { get; }
    [Dense(5)]                                   public partial Dense Classifier { get; }
}

/// <summary>The FCN head on a reduced trunk at 3×64×64, 3 classes: the transposed conv upsamples the 2×2 scores 32×.</summary>
[Model, Input(3, 64, 64)]
public partial class TinyFcn
{
    [Conv(8, 3, stride: 4, pad: 1, bias: false)] public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                            public partial BatchNorm Bn1 { get; }
    public BasicBlock[] Layers { get; } = [new(8), new(16, 2), new(16, 2), new(16, 2)];
    public FcnHead Head { get; } = new(3);
}
