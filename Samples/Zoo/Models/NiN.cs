namespace Strata.Zoo;

/// <summary>d2l's <c>nin_block</c>: a conv of the given kernel, stride and padding, then two 1×1 convs, each with ReLU.</summary>
[Block]
public partial class NinBlock(int channels, int kernel, int stride, int pad)
{
    [Conv(nameof(channels), 1, KernelFrom = nameof(kernel), StrideFrom = nameof(stride), PadFrom = nameof(pad)), Relu]
                                            public partial Conv2d Conv1 { get; }
    [Conv(nameof(channels), 1), Relu]       public partial Conv2d Conv2 { get; }
    [Conv(nameof(channels), 1), Relu]       public partial Conv2d Conv3 { get; }
}

/// <summary>
/// Network in Network as d2l builds it, at ImageNet settings: the last NiN block has one channel per class and a
/// global average pool turns it into the logits. No torchvision twin.
/// </summary>
[Model, Input(3, 224, 224)]
public partial class NiN
{
    public NinBlock Block1 { get; } = new(96, 11, 4, 0);
    [MaxPool(3, stride: 2)] public partial Pool2d Pool1 { get; }
    public NinBlock Block2 { get; } = new(256, 5, 1, 2);
    [MaxPool(3, stride: 2)] public partial Pool2d Pool2 { get; }
    public NinBlock Block3 { get; } = new(384, 3, 1, 1);
    [MaxPool(3, stride: 2)] public partial Pool2d Pool3 { get; }
    [Dropout]               public partial Dropout Drop { get; }
    public NinBlock Block4 { get; } = new(1000, 3, 1, 1);
    [GlobalAvgPool]         public partial GlobalAvgPool Gap { get; }
}
