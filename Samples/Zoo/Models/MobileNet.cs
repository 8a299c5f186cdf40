namespace Strata.Zoo;

/// <summary>
/// MobileNet v2's inverted residual (torchvision/models/mobilenetv2.py): expand by <c>expansion</c> with a 1×1 conv
/// (unless it is 1), a 3×3 depthwise conv with the stride, a linear 1×1 projection; the input is added back only when
/// the stride is 1 and the channels stay the same. No conv biases; BatchNorm after each conv, ReLU6 after the first two.
/// </summary>
[Block]
public partial class InvertedResidual(int outChannels, int stride, int expansion)
{
    [When("expansion != 1"), Conv("inChannels * expansion", 1, bias: false)] public partial Conv2d Expand { get; }
    [When("expansion != 1"), BatchNorm, Relu6]                               public partial BatchNorm Bn1 { get; }
    [Conv("inChannels * expansion", 3, pad: 1, bias: false, StrideFrom = nameof(stride), GroupsFrom = "inChannels * expansion")]
                                                                             public partial Conv2d Depthwise { get; }
    [BatchNorm, Relu6]                                                       public partial BatchNorm Bn2 { get; }
    [Conv(nameof(outChannels), 1, bias: false)]                              public partial Conv2d Project { get; }
    [BatchNorm]                                                              public partial BatchNorm Bn3 { get; }
    [When("stride == 1 && inChannels == outChannels"), Add(nameof(Bn3), Graph.Input)] public partial Add Out { get; }
}

/// <summary>
/// MobileNet v2 (width 1.0): torchvision's <c>mobilenet_v2()</c>, 3,504,872 parameters. The stages follow its
/// (t, c, n, s) table: (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
/// (6, 320, 1, 1).
/// </summary>
[Model, Input(3, 224, 224)]
public partial class MobileNetV2
{
    [Conv(32, 3, stride: 2, pad: 1, bias: false)] public partial Conv2d Stem { get; }
    [BatchNorm, Relu6]                            public partial BatchNorm StemBn { get; }
    public InvertedResidual[] Stage1 { get; } = [new(16, 1, 1)];
    public InvertedResidual[] Stage2 { get; } = Blocks.Repeat(2, i => new InvertedResidual(24, i == 0 ? 2 : 1, 6));
    public InvertedResidual[] Stage3 { get; } = Blocks.Repeat(3, i => new InvertedResidual(32, i == 0 ? 2 : 1, 6));
    public InvertedResidual[] Stage4 { get; } = Blocks.Repeat(4, i => new InvertedResidual(64, i == 0 ? 2 : 1, 6));
    public InvertedResidual[] Stage5 { get; } = Blocks.Repeat(3, i => new InvertedResidual(96, 1, 6));
    public InvertedResidual[] Stage6 { get; } = Blocks.Repeat(3, i => new InvertedResidual(160, i == 0 ? 2 : 1, 6));
    public InvertedResidual[] Stage7 { get; } = [new(320, 1, 6)];
    [Conv(1280, 1, bias: false)]                  public partial Conv2d Head { get; }
    [BatchNorm, Relu6]                            public partial BatchNorm HeadBn { get; }
    [GlobalAvgPool]                               public partial GlobalAvgPool Pool { get; }
    [Dropout(0.2)]                                public partial Dropout Drop { get; }
    [Dense(1000)]                                 public partial Dense Classifier { get; }
}

/// <summary>MobileNet v1's depthwise separable conv: 3×3 depthwise with the stride, 1×1 pointwise, each with BN and ReLU.</summary>
[Block]
public partial class DepthwiseSeparable(int channels, int stride)
{
    [Conv("inChannels", 3, pad: 1, bias: false, StrideFrom = nameof(stride), GroupsFrom = "inChannels")]
                                                  public partial Conv2d Depthwise { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Bn1 { get; }
    [Conv(nameof(channels), 1, bias: false)]      public partial Conv2d Pointwise { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Bn2 { get; }
}

/// <summary>
/// MobileNet v1 (width 1.0, Howard et al. 2017, Table 1): a 3×3/2 conv to 32, thirteen depthwise separable convs,
/// a global average pool and a Linear classifier. No torchvision twin.
/// </summary>
[Model, Input(3, 224, 224)]
public partial class MobileNetV1
{
    [Conv(32, 3, stride: 2, pad: 1, bias: false)] public partial Conv2d Stem { get; }
    [BatchNorm, Relu]                             public partial BatchNorm StemBn { get; }
    public DepthwiseSeparable[] Layers { get; } =
    [
        new(64, 1), new(128, 2), new(128, 1), new(256, 2), new(256, 1), new(512, 2),
        new(512, 1), new(512, 1), new(512, 1), new(512, 1), new(512, 1),
        new(1024, 2), new(1024, 1),
    ];
    [GlobalAvgPool]                               public partial GlobalAvgPool Pool { get; }
    [Dense(1000)]                                 public partial Dense Fc { get; }
}
