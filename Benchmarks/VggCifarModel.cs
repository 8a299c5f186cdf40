namespace Strata.Benchmarks;

/// <summary>
/// VGG-11's conv stack on CIFAR-sized images (64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M; 3×3, pad 1, ReLU),
/// then Dense(512) + ReLU and Dense(10).
/// </summary>
[Model, Input(3, 32, 32)]
public partial class VggCifarModel
{
    [Conv(64, 3, pad: 1), Relu]          public partial Conv2d C1 { get; }
    [MaxPool(2)]                         public partial Pool2d P1 { get; }
    [Conv(128, 3, pad: 1), Relu]         public partial Conv2d C2 { get; }
    [MaxPool(2)]                         public partial Pool2d P2 { get; }
    [Conv(256, 3, pad: 1), Relu]         public partial Conv2d C3 { get; }
    [Conv(256, 3, pad: 1), Relu]         public partial Conv2d C4 { get; }
    [MaxPool(2)]                         public partial Pool2d P3 { get; }
    [Conv(512, 3, pad: 1), Relu]         public partial Conv2d C5 { get; }
    [Conv(512, 3, pad: 1), Relu]         public partial Conv2d C6 { get; }
    [MaxPool(2)]                         public partial Pool2d P4 { get; }
    [Conv(512, 3, pad: 1), Relu]         public partial Conv2d C7 { get; }
    [Conv(512, 3, pad: 1), Relu]         public partial Conv2d C8 { get; }
    [MaxPool(2)]                         public partial Pool2d P5 { get; }
    [Flatten, Dense(512), Relu]          public partial Dense F1 { get; }
    [Dense(10)]                          public partial Dense Out { get; }
}
