namespace Strata.Samples;

/// <summary>LeNet-5's body with a 5-way head <c>Out</c>: the model pretrained on digits 0–4.</summary>
[Model, Input(1, 28, 28)]
public partial class DigitNet
{
    [Conv(6, 5, pad: 2), Relu]     public partial Conv2d C1 { get; }
    [MaxPool(2)]                   public partial Pool2d S2 { get; }
    [Conv(16, 5), Relu]            public partial Conv2d C3 { get; }
    [MaxPool(2)]                   public partial Pool2d S4 { get; }
    [Flatten, Dense(120), Relu]    public partial Dense F5 { get; }
    [Dense(84), Relu]              public partial Dense F6 { get; }
    [Dense(5)]                     public partial Dense Out { get; }
}
