namespace Strata.Runtime.Tests.Worker;

/// <summary>A small CNN on 28×28 digits for the resume test: a convolution, a pooling layer and two dense layers.</summary>
[Model, Input(1, 28, 28)]
public partial class ResumeNet
{
    [Conv(4, 5, stride: 2), Relu]   public partial Conv2d C1 { get; }   // [4, 12, 12]
    [MaxPool(2)]                    public partial Pool2d S2 { get; }   // [4, 6, 6]
    [Flatten, Dense(32), Relu]      public partial Dense F3 { get; }
    [Dense(10)]                     public partial Dense Out { get; }
}
