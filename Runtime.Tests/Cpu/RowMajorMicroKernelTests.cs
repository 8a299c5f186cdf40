using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit.Sdk;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>The micro-kernels' in-place (row-major) A entry against a float64 product, for every block height.</summary>
public class RowMajorMicroKernelTests
{
    [Fact]
    public void Every_supported_kernel_matches_the_float64_product_for_every_number_of_rows()
    {
        if (Avx512MicroKernel.IsSupported)
        {
            Check<Avx512MicroKernel>();
        }

        if (Avx2MicroKernel.IsSupported)
        {
            Check<Avx2MicroKernel>();
        }

        Check<PortableMicroKernel>();
    }

    private static unsafe void Check<TKernel>()
        where TKernel : struct, IMicroKernel
    {
        const int depth = 37, lda = 41, bStride = 3;
        var (rowsPerBlock, columns) = (TKernel.Rows, TKernel.Columns);
        var ldb = bStride * columns;
        var ldc = columns + 5;
        var random = new Random(rowsPerBlock * 100 + columns);
        var b = RandomData.Uniform(random, depth * ldb);
        for (var rows = 1; rows <= rowsPerBlock; rows++)
        {
            foreach (var accumulate in new[] { false, true })
            {
                // Exactly `rows` rows of A: reading past them would leave the array.
                var a = RandomData.Uniform(random, (rows - 1) * lda + depth);
                var c = RandomData.Uniform(random, rowsPerBlock * ldc);
                var before = (float[])c.Clone();
                fixed (float* aStart = a, bStart = b, cStart = c)
                {
                    TKernel.RunRowMajorA(
                        aStart, lda, rows, bStart, ldb, depth, cStart, ldc, accumulate,
                        default(ActivationEpilogue<IdentityActivation>), 0, 0);
                }

                for (var r = 0; r < rowsPerBlock; r++)
                {
                    // Rows past the block repeat its last row.
                    var source = Math.Min(r, rows - 1);
                    for (var j = 0; j < ldc; j++)
                    {
                        var expected = (double)before[r * ldc + j];
                        if (j < columns)
                        {
                            double product = 0;
                            for (var k = 0; k < depth; k++)
                            {
                                product += (double)a[source * lda + k] * b[k * ldb + j];
                            }

                            expected = accumulate ? expected + product : product;
                        }

                        var actual = c[r * ldc + j];
                        if (!(Math.Abs(actual - expected) <= Closeness.ForwardTolerance * Math.Max(1, Math.Abs(expected))))
                        {
                            throw new XunitException(
                                $"{typeof(TKernel).Name}, {rows} rows, accumulate {accumulate}: C[{r}, {j}] = {actual}, expected {expected}.");
                        }
                    }
                }
            }
        }
    }
}
