using Xunit;
using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// <see cref="SerialGemm"/> (attention's per-head products) against a float64 triple loop on every micro-kernel this
/// machine runs: transposed and in-place operands, row strides wider than the rows, ragged edges, accumulation and an
/// epilogue, and nothing written outside C.
/// </summary>
public class SerialGemmTests
{
    private static readonly GemmKernel[] SupportedKernels = Enum.GetValues<GemmKernel>().Where(IsSupported).ToArray();

    public static readonly TheoryData<string, int, int, int, bool, bool> Cases = BuildCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public unsafe void Multiply_matches_the_float64_reference(string kernelName, int m, int n, int k, bool transposeA, bool transposeB)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var random = new Random(m * 10007 + n * 101 + k);

        // Row strides wider than the rows (q, k and v sit in [T, 3d] rows), and C inside a wider matrix.
        var lda = (transposeA ? m : k) + 5;
        var ldb = (transposeB ? k : n) + 3;
        var ldc = n + 7;
        var a = RandomData.Uniform(random, (transposeA ? k : m) * lda);
        var b = RandomData.Uniform(random, (transposeB ? n : k) * ldb);
        var c = RandomData.Uniform(random, m * ldc);
        var before = (float[])c.Clone();
        var scratch = new float[SerialGemm.ScratchLength(kernel, m, n, k)];
        const float scale = 0.5f;

        fixed (float* aStart = a, bStart = b, cStart = c, work = scratch)
        {
            SerialGemm.Multiply(kernel, m, n, k, aStart, lda, transposeA, bStart, ldb, transposeB, cStart, ldc, accumulate: true,
                new ScaleEpilogue(scale), work);
        }

        var product = ReferenceLayers.Gemm(m, n, k, a, lda, transposeA, b, ldb, transposeB);
        var expected = before.ToDouble();
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                expected[i * ldc + j] = scale * (before[i * ldc + j] + product[i * n + j]);
            }
        }

        Closeness.AssertClose(expected, c, Closeness.ForwardTolerance);
    }

    private static bool IsSupported(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Avx512 => Avx512MicroKernel.IsSupported,
        GemmKernel.Avx2 => Avx2MicroKernel.IsSupported,
        _ => PortableMicroKernel.IsSupported,
    };

    private static TheoryData<string, int, int, int, bool, bool> BuildCases()
    {
        var data = new TheoryData<string, int, int, int, bool, bool>();
        // q·kᵀ and P·v of heads of 8, 16 and 64 on 13, 37 and 128 steps, and one of everything.
        int[][] sizes = [[1, 1, 1], [13, 13, 8], [37, 37, 16], [37, 16, 37], [128, 128, 64], [128, 64, 128], [9, 33, 16], [40, 64, 40]];
        foreach (var kernel in SupportedKernels)
        {
            foreach (var size in sizes)
            {
                foreach (var (transposeA, transposeB) in new[] { (false, false), (false, true), (true, false) })
                {
                    data.Add(kernel.ToString(), size[0], size[1], size[2], transposeA, transposeB);
                }
            }
        }

        return data;
    }
}
