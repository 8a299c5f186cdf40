namespace Strata.Gpu;

/// <summary>The sizes of one <see cref="GemmKernels.Tiled"/> launch: C (M × N) from op(A) (M × K) and op(B) (K × N).</summary>
internal readonly struct GemmSize(int m, int n, int k)
{
    public readonly int M = m, N = n, K = k;
}
