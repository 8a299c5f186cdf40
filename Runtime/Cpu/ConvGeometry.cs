namespace Strata.Cpu;

/// <summary>The sizes of one convolution call, NCHW. Output sizes are precomputed by the generator.</summary>
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
    int OutWidth);
