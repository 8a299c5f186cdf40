namespace Strata.Samples;

/// <summary>
/// The same body as <see cref="DigitNet"/> (same layer names, so its weights load by name) with a new 5-way head,
/// <c>Head</c>, for digits 5–9: a non-strict load fills the body and leaves the head freshly initialised.
/// </summary>
[Model, Input(1, 28, 28)]
public partial class DigitNetWithNewHead
{
    [Conv(6, 5, pad: 2), Relu]     public partial Conv2d C1 { get; }
    [MaxPool(2)]                   public partial Pool2d S2 { get; }
    [Conv(16, 5), Relu]            public partial Conv2d C3 { get; }
    [MaxPool(2)]                   public partial Pool2d S4 { get; }
    [Flatten, Dense(120), Relu]    public partial Dense F5 { get; }
    [Dense(84), Relu]              public partial Dense F6 { get; }
    [Dense(5)]                     public partial Dense Head { get; }
}
