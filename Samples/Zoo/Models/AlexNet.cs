namespace Strata.Zoo;

/// <summary>
/// AlexNet as torchvision builds it (torchvision/models/alexnet.py, the "one weird trick" variant, 64-192-384-256-256
/// channels): 61,100,840 parameters. Each property is named after its index in torchvision's <c>features</c> or
/// <c>classifier</c> Sequential, which counts the ReLUs: <c>Features3.weight</c> is <c>features.3.weight</c>.
/// </summary>
[Model, Input(3, 224, 224)]
public partial class AlexNet
{
    [Conv(64, 11, stride: 4, pad: 2), Relu]  public partial Conv2d Features0 { get; }
    [MaxPool(3, stride: 2)]                  public partial Pool2d Features2 { get; }
    [Conv(192, 5, pad: 2), Relu]             public partial Conv2d Features3 { get; }
    [MaxPool(3, stride: 2)]                  public partial Pool2d Features5 { get; }
    [Conv(384, 3, pad: 1), Relu]             public partial Conv2d Features6 { get; }
    [Conv(256, 3, pad: 1), Relu]             public partial Conv2d Features8 { get; }
    [Conv(256, 3, pad: 1), Relu]             public partial Conv2d Features10 { get; }
    [MaxPool(3, stride: 2)]                  public partial Pool2d Features12 { get; }
    [AdaptiveAvgPool(6, 6)]                  public partial Pool2d AvgPool { get; }
    [Dropout]                                public partial Dropout Classifier0 { get; }
    [Flatten, Dense(4096), Relu]             public partial Dense Classifier1 { get; }
    [Dropout]                                public partial Dropout Classifier3 { get; }
    [Dense(4096), Relu]                      public partial Dense Classifier4 { get; }
    [Dense(1000)]                            public partial Dense Classifier6 { get; }
}

/// <summary>
/// AlexNet as d2l builds it (chapter "Deep Convolutional Neural Networks", 96-256-384-384-256 channels, no LRN), here
/// at ImageNet settings: 3×224×224 input and 1,000 classes. No torchvision twin; its count is derived in the README.
/// </summary>
[Model, Input(3, 224, 224)]
public partial class AlexNetD2l
{
    [Conv(96, 11, stride: 4, pad: 1), Relu]  public partial Conv2d Conv1 { get; }   // [96, 54, 54]
    [MaxPool(3, stride: 2)]                  public partial Pool2d Pool1 { get; }   // [96, 26, 26]
    [Conv(256, 5, pad: 2), Relu]             public partial Conv2d Conv2 { get; }   // [256, 26, 26]
    [MaxPool(3, stride: 2)]                  public partial Pool2d Pool2 { get; }   // [256, 12, 12]
    [Conv(384, 3, pad: 1), Relu]             public partial Conv2d Conv3 { get; }
    [Conv(384, 3, pad: 1), Relu]             public partial Conv2d Conv4 { get; }
    [Conv(256, 3, pad: 1), Relu]             public partial Conv2d Conv5 { get; }
    [MaxPool(3, stride: 2)]                  public partial Pool2d Pool3 { get; }   // [256, 5, 5]
    [Flatten, Dense(4096), Relu]             public partial Dense Fc1 { get; }      // 6,400 → 4,096
    [Dropout]                                public partial Dropout Drop1 { get; }
    [Dense(4096), Relu]                      public partial Dense Fc2 { get; }
    [Dropout]                                public partial Dropout Drop2 { get; }
    [Dense(1000)]                            public partial Dense Fc3 { get; }
}
