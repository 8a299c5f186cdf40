namespace Strata.Cpu;

/// <summary>Which pooling pass a <see cref="PlaneChunks"/> runs.</summary>
internal enum PoolPass
{
    /// <summary>Max pooling forward, inner windows on the fast path.</summary>
    MaxForward,

    /// <summary>Max pooling forward on the general clipped-window path only.</summary>
    MaxForwardGeneral,

    /// <summary>Max pooling backward.</summary>
    MaxBackward,

    /// <summary>Average pooling forward.</summary>
    AvgForward,

    /// <summary>Average pooling backward.</summary>
    AvgBackward,
}
