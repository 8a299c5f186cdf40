using ILGPU;

namespace Strata.Gpu;

/// <summary>Sizes and flags of one <see cref="GemmKernels.Multiply"/> launch (ints, since kernels take no bools).</summary>
internal readonly struct GemmArguments(int m, int n, int k, int lda, int ldb, int ldc, bool transposeA, bool transposeB, bool accumulate, bool useBias)
{
    public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
    public readonly int TransposeA = transposeA ? 1 : 0, TransposeB = transposeB ? 1 : 0;
    public readonly int Accumulate = accumulate ? 1 : 0, UseBias = useBias ? 1 : 0;
}

/// <summary>A plain GEMM, one thread per output element: correct, not fast (the tiled kernel is later work).</summary>
internal static class GemmKernels
{
    /// <summary>C[row, column] = (accumulate ? C : 0) + Σ op(A)[row, k]·op(B)[k, column] (+ bias[column]).</summary>
    public static void Multiply(Index2D index, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArguments g)
    {
        var (row, column) = (index.X, index.Y);
        var sum = 0f;
        for (var k = 0; k < g.K; k++)
        {
            var left = g.TransposeA != 0 ? a[k * g.Lda + row] : a[row * g.Lda + k];
            var right = g.TransposeB != 0 ? b[column * g.Ldb + k] : b[k * g.Ldb + column];
            sum += left * right;
        }

        if (g.UseBias != 0)
        {
            sum += bias[column];
        }

        var target = row * g.Ldc + column;
        c[target] = g.Accumulate != 0 ? c[target] + sum : sum;
    }
}
