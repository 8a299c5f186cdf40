namespace Strata.Zoo;

/// <summary>GoogLeNet's Inception block (d2l): four branches from the block's input, joined over channels.</summary>
[Block]
public partial class Inception(int c1, int c2a, int c2b, int c3a, int c3b, int c4)
{
    [Conv(nameof(c1), 1), Relu]                           public partial Conv2d P1 { get; }
    [From(Graph.Input), Conv(nameof(c2a), 1), Relu]       public partial Conv2d P2a { get; }
    [Conv(nameof(c2b), 3, pad: 1), Relu]                  public partial Conv2d P2b { get; }
    [From(Graph.Input), Conv(nameof(c3a), 1), Relu]       public partial Conv2d P3a { get; }
    [Conv(nameof(c3b), 5, pad: 2), Relu]                  public partial Conv2d P3b { get; }
    [From(Graph.Input), MaxPool(3, stride: 1, pad: 1)]    public partial Pool2d P4a { get; }
    [Conv(nameof(c4), 1), Relu]                           public partial Conv2d P4b { get; }
    [Concat(nameof(P1), nameof(P2b), nameof(P3b), nameof(P4b))] public partial Concat Out { get; }
}

/// <summary>
/// GoogLeNet as d2l builds it (no LRN, no auxiliary heads, ReLU after every conv, biases), at ImageNet settings.
/// No torchvision twin: torchvision's <c>googlenet()</c> has BatchNorm and its 3×3 where d2l has 5×5.
/// </summary>
[Model, Input(3, 224, 224)]
public partial class GoogLeNet
{
    // b1
    [Conv(64, 7, stride: 2, pad: 3), Relu]  public partial Conv2d Conv1 { get; }
    [MaxPool(3, stride: 2, pad: 1)]         public partial Pool2d Pool1 { get; }
    // b2
    [Conv(64, 1), Relu]                     public partial Conv2d Conv2 { get; }
    [Conv(192, 3, pad: 1), Relu]            public partial Conv2d Conv3 { get; }
    [MaxPool(3, stride: 2, pad: 1)]         public partial Pool2d Pool2 { get; }
    // b3
    public Inception[] Inception3 { get; } = [new(64, 96, 128, 16, 32, 32), new(128, 128, 192, 32, 96, 64)];
    [MaxPool(3, stride: 2, pad: 1)]         public partial Pool2d Pool3 { get; }
    // b4
    public Inception[] Inception4 { get; } =
    [
        new(192, 96, 208, 16, 48, 64), new(160, 112, 224, 24, 64, 64), new(128, 128, 256, 24, 64, 64),
        new(112, 144, 288, 32, 64, 64), new(256, 160, 320, 32, 128, 128),
    ];
    [MaxPool(3, stride: 2, pad: 1)]         public partial Pool2d Pool4 { get; }
    // b5
    public Inception[] Inception5 { get; } = [new(256, 160, 320, 32, 128, 128), new(384, 192, 384, 48, 128, 128)];
    [GlobalAvgPool]                         public partial GlobalAvgPool Gap { get; }
    [Dense(1000)]                           public partial Dense Fc { get; }
}
