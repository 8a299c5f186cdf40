namespace Strata.Samples;

/// <summary>One 1×2 convolution kernel without bias, as in Dive into Deep Learning's corr2d example: [1, 6, 8] → [1, 6, 7].</summary>
[Model, Input(1, 6, 8)]
public partial class Corr2dNet
{
    [Conv(1, 1, bias: false, KernelWidth = 2)] public partial Conv2d K { get; }
}
