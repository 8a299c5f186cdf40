namespace Strata.Cpu;

/// <summary>
/// The sizes of one convolution call, NCHW, as PyTorch's <c>nn.Conv2d</c>. Output sizes are precomputed by the
/// generator. With <see cref="Groups"/> g, the channels split into g groups that convolve apart: the weight is
/// [OutChannels, InChannels / g, KernelHeight, KernelWidth], and g = InChannels is a depthwise convolution.
/// <see cref="Dilation"/> spaces the kernel's taps that far apart.
/// </summary>
public readonly record struct ConvGeometry(
    int Batch,
    int InChannels,
    int InHeight,
    int InWidth,
    int OutChannels,
    int KernelHeight,
    int KernelWidth,
    int Stride,
    int Pad,
    int OutHeight,
    int OutWidth,
    int Groups = 1,
    int Dilation = 1)
{
    /// <summary>The input channels each group reads, and each weight row spans.</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>The output channels each group writes.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>The height the dilated kernel spans: Dilation · (KernelHeight − 1) + 1.</summary>
    public int SpanHeight => (Dilation * (KernelHeight - 1)) + 1;

    /// <summary>The width the dilated kernel spans: Dilation · (KernelWidth − 1) + 1.</summary>
    public int SpanWidth => (Dilation * (KernelWidth - 1)) + 1;

    /// <summary>One group's convolution: its channels, ungrouped. A method, so that the record's ToString does not recurse.</summary>
    public ConvGeometry OneGroup() => this with { InChannels = GroupInChannels, OutChannels = GroupOutChannels, Groups = 1 };
}
