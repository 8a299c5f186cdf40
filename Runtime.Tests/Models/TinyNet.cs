namespace Strata.Runtime.Tests.Models;

/// <summary>A small model that uses every layer kind and activation, at sizes the finite-difference oracle can afford.</summary>
[Model, Input(2, 9, 8)]
public partial class TinyNet
{
    [Conv(3, 3, stride: 2, pad: 1, KernelWidth = 2), Tanh]     public partial Conv2d A { get; }   // [3, 5, 5]
    [AvgPool(3, stride: 1, pad: 1, countIncludePad: false)]     public partial Pool2d B { get; }   // [3, 5, 5]
    [Conv(4, 2, bias: false), Relu6]                            public partial Conv2d C { get; }   // [4, 4, 4]
    [AvgPool(2, pad: 1)]                                        public partial Pool2d D { get; }   // [4, 3, 3]
    [MaxPool(2, stride: 1), Sigmoid]                            public partial Pool2d E { get; }   // [4, 2, 2]
    [Flatten]                                                   public partial Flatten F { get; }  // [16]
    [Dense(5), Relu]                                            public partial Dense G { get; }    // [5]
    [Dense(3, bias: false)]                                     public partial Dense Out { get; }  // [3]
}
