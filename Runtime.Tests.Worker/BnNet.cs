namespace Strata.Runtime.Tests.Worker;

/// <summary>A small conv net with BatchNorm, for the data-parallel test of its running statistics.</summary>
[Model, Input(1, 28, 28)]
public partial class BnNet
{
    [Conv(4, 5, bias: false)]      public partial Conv2d C1 { get; }
    [BatchNorm(momentum: 0.2), Relu] public partial BatchNorm Bn { get; }
    [MaxPool(4)]                   public partial Pool2d P2 { get; }
    [Flatten, Dense(10)]           public partial Dense Out { get; }
}
