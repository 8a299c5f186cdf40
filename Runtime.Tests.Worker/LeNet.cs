namespace Strata.Runtime.Tests.Worker;

/// <summary>The LeNet sample's model (Samples/LeNet/LeNet.cs), declared again here for the data-parallel tests.</summary>
[Model, Input(1, 28, 28)]
public partial class LeNet
{
    [Conv(6, 5, pad: 2), Relu]     public partial Conv2d C1 { get; }
    [MaxPool(2)]                   public partial Pool2d S2 { get; }
    [Conv(16, 5), Relu]            public partial Conv2d C3 { get; }
    [MaxPool(2)]                   public partial Pool2d S4 { get; }
    [Flatten, Dense(120), Relu]    public partial Dense F5 { get; }
    [Dense(84), Relu]              public partial Dense F6 { get; }
    [Dense(10)]                    public partial Dense Out { get; }
}
