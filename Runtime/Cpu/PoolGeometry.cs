namespace Strata.Cpu;

/// <summary>The sizes of one pooling call, NCHW. Output sizes are precomputed by the generator.</summary>
public readonly record struct PoolGeometry(
    int Batch,
    int Channels,
    int InHeight,
    int InWidth,
    int Kernel,
    int Stride,
    int Pad,
    int OutHeight,
    int OutWidth);
