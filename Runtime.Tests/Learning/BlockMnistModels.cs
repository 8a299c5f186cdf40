namespace Strata.Runtime.Tests.Learning;

/// <summary>A small residual network for MNIST: a BatchNorm stem, an identity-shortcut block and a projecting one.</summary>
[Model, Input(1, 28, 28)]
public partial class MnistResNet
{
    [Conv(16, 3, pad: 1)] public partial Conv2d Stem { get; }
    [BatchNorm, Relu] public partial BatchNorm StemBn { get; }
    [MaxPool(2)] public partial Pool2d Pool { get; }

    /// <summary>[16, 14, 14], added to its input.</summary>
    public Models.ResidualBlock B1 { get; } = new(16);

    /// <summary>[32, 7, 7], its input projected by a strided 1×1 conv.</summary>
    public Models.ResidualBlock B2 { get; } = new(32, use1x1Conv: true, strides: 2);

    [Flatten, Dense(10)] public partial Dense Out { get; }
}

/// <summary>GoogLeNet's Inception block: four branches from the block's input, joined over channels.</summary>
[Block]
public partial class Inception(int c1, int c2a, int c2b, int c3a, int c3b, int c4)
{
    [Conv(nameof(c1), 1), Relu] public partial Conv2d P1 { get; }
    [From(Graph.Input), Conv(nameof(c2a), 1), Relu] public partial Conv2d P2a { get; }
    [Conv(nameof(c2b), 3, pad: 1), Relu] public partial Conv2d P2b { get; }
    [From(Graph.Input), Conv(nameof(c3a), 1), Relu] public partial Conv2d P3a { get; }
    [Conv(nameof(c3b), 5, pad: 2), Relu] public partial Conv2d P3b { get; }
    [From(Graph.Input), MaxPool(3, stride: 1, pad: 1)] public partial Pool2d P4a { get; }
    [Conv(nameof(c4), 1), Relu] public partial Conv2d P4b { get; }
    [Concat(nameof(P1), nameof(P2b), nameof(P3b), nameof(P4b))] public partial Concat Out { get; }
}

/// <summary>A small GoogLeNet for MNIST: a BatchNorm stem and two Inception blocks.</summary>
[Model, Input(1, 28, 28)]
public partial class MnistGoogLeNet
{
    [Conv(16, 3, pad: 1)] public partial Conv2d Stem { get; }
    [BatchNorm, Relu] public partial BatchNorm StemBn { get; }
    [MaxPool(2)] public partial Pool2d Pool { get; }

    /// <summary>[32, 14, 14].</summary>
    public Inception A { get; } = new(8, 8, 12, 4, 6, 6);

    [MaxPool(2)] public partial Pool2d Pool2 { get; }

    /// <summary>[48, 7, 7].</summary>
    public Inception B { get; } = new(12, 12, 16, 4, 8, 12);

    [Flatten, Dense(10)] public partial Dense Out { get; }
}
