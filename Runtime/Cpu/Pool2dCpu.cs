namespace Strata.Cpu;

/// <summary>Max and average pooling on the CPU, with PyTorch's semantics.</summary>
public static class Pool2dCpu
{
    /// <summary>Max pooling; padded cells never win.</summary>
    public static void MaxForward(in PoolGeometry g, Tensor x, Tensor y) => throw new NotImplementedException();

    /// <summary>Routes each output gradient to the first maximum of its window; dx is overwritten.</summary>
    public static void MaxBackward(in PoolGeometry g, Tensor x, Tensor dy, Tensor dx) => throw new NotImplementedException();

    /// <summary>Average pooling; <paramref name="countIncludePad"/> as PyTorch's count_include_pad.</summary>
    public static void AvgForward(in PoolGeometry g, bool countIncludePad, Tensor x, Tensor y) => throw new NotImplementedException();

    /// <summary>Spreads each output gradient over its window; dx is overwritten.</summary>
    public static void AvgBackward(in PoolGeometry g, bool countIncludePad, Tensor dy, Tensor dx) => throw new NotImplementedException();
}
