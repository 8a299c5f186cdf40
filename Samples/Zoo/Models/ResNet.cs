namespace Strata.Zoo;

// ResNet as torchvision builds it (torchvision/models/resnet.py, v1.5: the stride sits on the 3×3 conv): every conv
// without a bias and followed by a BatchNorm, a 1×1 conv + BatchNorm shortcut ("downsample") where the stride or the
// channels change. Property names map to torchvision's state_dict through ZooNames (Stem → conv1, Downsample0 →
// downsample.0, …).

/// <summary>torchvision's <c>BasicBlock</c> (ResNet-18 and -34): two 3×3 convs and a shortcut.</summary>
[Block]
public partial class BasicBlock(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, pad: 1, bias: false, StrideFrom = nameof(stride))] public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                                                            public partial BatchNorm Bn1 { get; }
    [Conv(nameof(planes), 3, pad: 1, bias: false)]                               public partial Conv2d Conv2 { get; }
    [BatchNorm]                                                                  public partial BatchNorm Bn2 { get; }
    [From(Graph.Input), When("stride != 1 || inChannels != planes"), Conv(nameof(planes), 1, bias: false, StrideFrom = nameof(stride))]
                                                                                 public partial Conv2d Downsample0 { get; }
    [When("stride != 1 || inChannels != planes"), BatchNorm]                     public partial BatchNorm Downsample1 { get; }
    [Add(nameof(Bn2), nameof(Downsample1)), Relu]                                public partial Add Out { get; }
}

/// <summary>torchvision's <c>Bottleneck</c> (ResNet-50): 1×1 down to <c>width</c>, 3×3 with the stride, 1×1 up to 4×.</summary>
[Block]
public partial class Bottleneck(int width, int stride = 1)
{
    [Conv(nameof(width), 1, bias: false)]                                        public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                                                            public partial BatchNorm Bn1 { get; }
    [Conv(nameof(width), 3, pad: 1, bias: false, StrideFrom = nameof(stride))]   public partial Conv2d Conv2 { get; }
    [BatchNorm, Relu]                                                            public partial BatchNorm Bn2 { get; }
    [Conv("width * 4", 1, bias: false)]                                          public partial Conv2d Conv3 { get; }
    [BatchNorm]                                                                  public partial BatchNorm Bn3 { get; }
    [From(Graph.Input), When("stride != 1 || inChannels != width * 4"), Conv("width * 4", 1, bias: false, StrideFrom = nameof(stride))]
                                                                                 public partial Conv2d Downsample0 { get; }
    [When("stride != 1 || inChannels != width * 4"), BatchNorm]                  public partial BatchNorm Downsample1 { get; }
    [Add(nameof(Bn3), nameof(Downsample1)), Relu]                                public partial Add Out { get; }
}

/// <summary>
/// A whole ResNet of basic blocks with its stage depths and class count as compile-time arguments:
/// <c>new(2, 2, 2, 2, classes: 1000)</c> is ResNet-18, <c>new(3, 4, 6, 3, classes: 1000)</c> ResNet-34.
/// The input size is the model's <c>[Input]</c>, so one body serves 3×224×224 and 3×32×32. The stem is torchvision's
/// (7×7 stride-2 conv, 3×3 stride-2 max-pool) unless a small input asks for another: <c>stemKernel: 3, stemStride: 2,
/// maxPool: false</c> keeps 14×14 of a 28×28 digit for the first stage (<see cref="ResNet18Mnist"/>).
/// </summary>
[Block]
public partial class BasicResNet(int blocks1, int blocks2, int blocks3, int blocks4, int classes, int stemKernel = 7, int stemStride = 2, bool maxPool = true)
{
    [Conv(64, 7, stride: 2, pad: 3, bias: false, KernelFrom = nameof(stemKernel), StrideFrom = nameof(stemStride), PadFrom = "stemKernel / 2")]
                                                  public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Bn1 { get; }
    [When(nameof(maxPool)), MaxPool(3, stride: 2, pad: 1)] public partial Pool2d MaxPool { get; }
    public BasicBlock[] Layer1 { get; } = Blocks.Repeat(blocks1, i => new BasicBlock(64));
    public BasicBlock[] Layer2 { get; } = Blocks.Repeat(blocks2, i => new BasicBlock(128, i == 0 ? 2 : 1));
    public BasicBlock[] Layer3 { get; } = Blocks.Repeat(blocks3, i => new BasicBlock(256, i == 0 ? 2 : 1));
    public BasicBlock[] Layer4 { get; } = Blocks.Repeat(blocks4, i => new BasicBlock(512, i == 0 ? 2 : 1));
    [GlobalAvgPool]                               public partial GlobalAvgPool AvgPool { get; }
    [Dense(nameof(classes))]                      public partial Dense Fc { get; }
}

/// <summary>A whole ResNet of bottleneck blocks: <c>new(3, 4, 6, 3, classes: 1000)</c> is ResNet-50.</summary>
[Block]
public partial class BottleneckResNet(int blocks1, int blocks2, int blocks3, int blocks4, int classes)
{
    [Conv(64, 7, stride: 2, pad: 3, bias: false)] public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Bn1 { get; }
    [MaxPool(3, stride: 2, pad: 1)]               public partial Pool2d MaxPool { get; }
    public Bottleneck[] Layer1 { get; } = Blocks.Repeat(blocks1, i => new Bottleneck(64));
    public Bottleneck[] Layer2 { get; } = Blocks.Repeat(blocks2, i => new Bottleneck(128, i == 0 ? 2 : 1));
    public Bottleneck[] Layer3 { get; } = Blocks.Repeat(blocks3, i => new Bottleneck(256, i == 0 ? 2 : 1));
    public Bottleneck[] Layer4 { get; } = Blocks.Repeat(blocks4, i => new Bottleneck(512, i == 0 ? 2 : 1));
    [GlobalAvgPool]                               public partial GlobalAvgPool AvgPool { get; }
    [Dense(nameof(classes))]                      public partial Dense Fc { get; }
}

/// <summary>ResNet-18 on ImageNet: torchvision's <c>resnet18()</c>, 11,689,512 parameters.</summary>
[Model, Input(3, 224, 224)]
public partial class ResNet18
{
    public BasicResNet Net { get; } = new(2, 2, 2, 2, classes: 1000);
}

/// <summary>ResNet-34 on ImageNet: torchvision's <c>resnet34()</c>, 21,797,672 parameters.</summary>
[Model, Input(3, 224, 224)]
public partial class ResNet34
{
    public BasicResNet Net { get; } = new(3, 4, 6, 3, classes: 1000);
}

/// <summary>ResNet-50 on ImageNet: torchvision's <c>resnet50()</c>, 25,557,032 parameters.</summary>
[Model, Input(3, 224, 224)]
public partial class ResNet50
{
    public BottleneckResNet Net { get; } = new(3, 4, 6, 3, classes: 1000);
}

/// <summary>
/// ResNet-18 for 10 classes at 3×32×32, without copying it: the same body, other compile-time arguments.
/// </summary>
[Model, Input(3, 32, 32)]
public partial class ResNet18Cifar
{
    public BasicResNet Net { get; } = new(2, 2, 2, 2, classes: 10);
}

/// <summary>
/// ResNet-18 for MNIST (1×28×28, 10 classes), the same body with a small-input stem: a 3×3 stride-2 conv and no
/// max-pool, so the stages run at 14×14, 7×7, 4×4 and 2×2 (torchvision's stem would leave 7×7 for the first stage and
/// 1×1 for the last). Trained by <c>Zoo --train resnet18</c>.
/// </summary>
[Model, Input(1, 28, 28)]
public partial class ResNet18Mnist
{
    public BasicResNet Net { get; } = new(2, 2, 2, 2, classes: 10, stemKernel: 3, stemStride: 2, maxPool: false);
}
