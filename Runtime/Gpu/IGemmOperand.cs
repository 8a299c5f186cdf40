namespace Strata.Gpu;

/// <summary>
/// One operand of a <see cref="GemmKernels.Tiled"/> launch, read element by element as op(A)[row, k] or op(B)[k, column]
/// (<c>outer</c> is the row of A or the column of B). Implementations are structs that compute the address themselves:
/// a plain matrix (<see cref="MatrixOperand"/>) or the windows of a convolution, so an
/// implicit GEMM needs no im2col buffer.
/// </summary>
internal interface IGemmOperand
{
    /// <summary>
    /// 1 when consecutive k of one outer index are adjacent in memory (the tile is then loaded k-fastest, so a warp
    /// reads consecutive addresses), 0 when consecutive outer indices are (loaded outer-fastest). Uniform over a launch.
    /// </summary>
    int ContiguousInK { get; }

    /// <summary>The element at (<paramref name="outer"/>, <paramref name="k"/>); both are in range when called.</summary>
    float Load(int outer, int k);
}
