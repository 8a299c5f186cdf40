namespace Strata.Zoo;

// VGG as torchvision builds it (torchvision/models/vgg.py, without BatchNorm): 3×3 convs with biases and ReLU, a 2×2
// max pool after each stage, AdaptiveAvgPool2d((7, 7)), then three Linear layers with ReLU and dropout between them.

/// <summary>One 3×3 conv of a VGG stage.</summary>
[Block]
public partial class VggConv(int channels)
{
    [Conv(nameof(channels), 3, pad: 1), Relu] public partial Conv2d Conv { get; }
}

/// <summary>A VGG stage: <c>convs</c> 3×3 convs of <c>channels</c>, then a 2×2 max pool (d2l's <c>vgg_block</c>).</summary>
[Block]
public partial class VggStage(int convs, int channels)
{
    public VggConv[] Convs { get; } = Blocks.Repeat(convs, i => new VggConv(channels));
    [MaxPool(2)] public partial Pool2d Pool { get; }
}

/// <summary>torchvision's VGG <c>avgpool</c> and <c>classifier</c>: 25,088 → 4,096 → 4,096 → classes.</summary>
[Block]
public partial class VggHead(int classes)
{
    [AdaptiveAvgPool(7, 7)]        public partial Pool2d AvgPool { get; }
    [Flatten, Dense(4096), Relu]   public partial Dense Fc1 { get; }
    [Dropout]                      public partial Dropout Drop1 { get; }
    [Dense(4096), Relu]            public partial Dense Fc2 { get; }
    [Dropout]                      public partial Dropout Drop2 { get; }
    [Dense(nameof(classes))]       public partial Dense Fc3 { get; }
}

/// <summary>VGG-11 (configuration "A"): torchvision's <c>vgg11()</c>, 132,863,336 parameters.</summary>
[Model, Input(3, 224, 224)]
public partial class Vgg11
{
    public VggStage[] Features { get; } = [new(1, 64), new(1, 128), new(2, 256), new(2, 512), new(2, 512)];
    public VggHead Head { get; } = new(1000);
}

/// <summary>VGG-16 (configuration "D"): torchvision's <c>vgg16()</c>, 138,357,544 parameters.</summary>
[Model, Input(3, 224, 224)]
public partial class Vgg16
{
    public VggStage[] Features { get; } = [new(2, 64), new(2, 128), new(3, 256), new(3, 512), new(3, 512)];
    public VggHead Head { get; } = new(1000);
}
