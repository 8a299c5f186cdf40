namespace Strata.Gpu;

/// <summary>Sizes and flags of one plain matrix product (<see cref="TiledGemm.Multiply"/>).</summary>
internal readonly struct GemmArguments(int m, int n, int k, int lda, int ldb, int ldc, bool transposeA, bool transposeB, bool accumulate, bool useBias)
{
    public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
    public readonly int TransposeA = transposeA ? 1 : 0, TransposeB = transposeB ? 1 : 0;
    public readonly int Accumulate = accumulate ? 1 : 0, UseBias = useBias ? 1 : 0;
}
