using Xunit;
using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>Gemm against a float64 triple loop, on every micro-kernel this machine runs.</summary>
public unsafe class GemmTests
{
    // Only the kernels this machine can run: an unsupported one would fault rather than be tested.
    private static readonly GemmKernel[] SupportedKernels = Enum.GetValues<GemmKernel>().Where(IsSupported).ToArray();

    public static readonly TheoryData<string, int, int, int, bool, bool> Cases = BuildCases();

    public static readonly TheoryData<string> Kernels = new(SupportedKernels.Select(kernel => kernel.ToString()));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Multiply_matches_the_float64_reference(string kernelName, int m, int n, int k, bool transposeA, bool transposeB)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var random = new Random(m * 10007 + n * 101 + k);
        var lda = transposeA ? m : k;
        var ldb = transposeB ? k : n;
        var a = RandomData.Uniform(random, m * k);
        var b = RandomData.Uniform(random, k * n);
        var c = RandomData.Uniform(random, m * n, 100, 200); // overwritten, so the junk must not leak through

        Gemm.Multiply(kernel, m, n, k, a, lda, transposeA, b, ldb, transposeB, c, n, false,
            default(ActivationEpilogue<IdentityActivation>), new CpuWorkspace());

        Closeness.AssertClose(ReferenceLayers.Gemm(m, n, k, a, lda, transposeA, b, ldb, transposeB), c, Closeness.ForwardTolerance);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Accumulate_adds_to_C_and_strides_select_submatrices(string kernelName)
    {
        foreach (var m in new[] { 19, 2 })
        {
            CheckAccumulate(Enum.Parse<GemmKernel>(kernelName), m);
        }
    }

    private static void CheckAccumulate(GemmKernel kernel, int m)
    {
        const int n = 45, k = 23, lda = 30, ldb = 50, ldc = 47;
        var random = new Random(5);
        var a = RandomData.Uniform(random, m * lda);
        var b = RandomData.Uniform(random, k * ldb);
        var c = RandomData.Uniform(random, m * ldc);
        var before = (float[])c.Clone();

        Gemm.Multiply(kernel, m, n, k, a, lda, false, b, ldb, false, c, ldc, true,
            default(ActivationEpilogue<IdentityActivation>), new CpuWorkspace());

        var product = ReferenceLayers.Gemm(m, n, k, a, lda, false, b, ldb, false);
        var expected = before.ToDouble();
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                expected[i * ldc + j] += product[i * n + j];
            }
        }

        // Columns n..ldc of each row are outside C and must be untouched.
        Closeness.AssertClose(expected, c, Closeness.ForwardTolerance);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Row_and_column_bias_epilogues_fuse_bias_and_activation(string kernelName)
    {
        foreach (var (m, n, k) in new[] { (37, 65, 129), (64, 128, 40), (1, 65, 129) })
        {
            CheckBiasEpilogues(Enum.Parse<GemmKernel>(kernelName), m, n, k);
        }
    }

    private static void CheckBiasEpilogues(GemmKernel kernel, int m, int n, int k)
    {
        var random = new Random(11);
        var a = RandomData.Uniform(random, m * k);
        var b = RandomData.Uniform(random, k * n);
        var rowBias = RandomData.Uniform(random, m);
        var columnBias = RandomData.Uniform(random, n);
        var product = ReferenceLayers.Gemm(m, n, k, a, k, false, b, n, false);
        var byRow = new float[m * n];
        var byColumn = new float[m * n];

        fixed (float* rows = rowBias, columns = columnBias)
        {
            Gemm.Multiply(kernel, m, n, k, a, k, false, b, n, false, byRow, n, false, new RowBiasEpilogue<TanhActivation>(rows), new CpuWorkspace());
            Gemm.Multiply(kernel, m, n, k, a, k, false, b, n, false, byColumn, n, false, new ColumnBiasEpilogue<SigmoidActivation>(columns), new CpuWorkspace());
        }

        var expectedByRow = new double[m * n];
        var expectedByColumn = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                expectedByRow[i * n + j] = Math.Tanh(product[i * n + j] + rowBias[i]);
                expectedByColumn[i * n + j] = 1 / (1 + Math.Exp(-(product[i * n + j] + columnBias[j])));
            }
        }

        Closeness.AssertClose(expectedByRow, byRow, Closeness.ForwardTolerance, what: "row bias + tanh");
        Closeness.AssertClose(expectedByColumn, byColumn, Closeness.ForwardTolerance, what: "column bias + sigmoid");
    }

    [Theory]
    [InlineData(75, 131)]
    [InlineData(64, 64)]
    [InlineData(7, 9)]
    public void A_transposed_B_is_packed_value_for_value_into_zero_padded_panels(int n, int k)
    {
        // B is n × k with row stride k + 5: 75 columns are two full panels and a ragged one (8 × 8 register transposes
        // where whole, float by float at the edges), 131 k two depth blocks of 64 and 3 more.
        var ldb = k + 5;
        var b = RandomData.Uniform(new Random(n + k), n * ldb);
        var packed = new float[Gemm.PackedBLength(n, k)];
        Array.Fill(packed, float.NaN);

        Gemm.PackB(n, k, b, ldb, true, packed);

        var width = Gemm.PanelWidth;
        for (var panel = 0; panel * width < n; panel++)
        {
            for (var kk = 0; kk < k; kk++)
            {
                for (var j = 0; j < width; j++)
                {
                    var column = panel * width + j;
                    var expected = column < n ? b[column * ldb + kk] : 0f;
                    Assert.Equal(expected, packed[(panel * k + kk) * width + j]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void One_row_against_a_megabyte_of_B_runs_on_all_cores_and_matches_the_float64_reference(string kernelName)
    {
        const int m = 1, n = 512, k = 512;
        // Half a megaflop, but B is 1 MB: a dense layer at batch 1 streams it on every core; half that B stays on one.
        Assert.True(Environment.ProcessorCount == 1 || Gemm.IsParallel(m, n, k));
        Assert.False(Gemm.IsParallel(m, n / 2, k));
        var random = new Random(5);
        var a = RandomData.Uniform(random, m * k);
        var b = RandomData.Uniform(random, k * n);
        var c = RandomData.Uniform(random, m * n, 100, 200);

        Gemm.Multiply(Enum.Parse<GemmKernel>(kernelName), m, n, k, a, k, false, b, n, false, c, n, false,
            default(ActivationEpilogue<IdentityActivation>), new CpuWorkspace());

        Closeness.AssertClose(ReferenceLayers.Gemm(m, n, k, a, k, false, b, n, false), c, Closeness.ForwardTolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_prepacked_B_too_large_for_the_cache_is_streamed_and_matches_the_float64_reference(bool accumulate)
    {
        // 13 rows: a whole row block and a ragged one; 1000 columns: a ragged last panel; 600 × 1000 floats of B are
        // past the streaming threshold, so the first block of each tile runs IMicroKernel.RunStreamingB.
        const int m = 13, n = 1000, k = 600;
        Assert.True(Gemm.StreamsB(n, k));
        var random = new Random(accumulate ? 2 : 1);
        var a = RandomData.Uniform(random, m * k);
        var b = RandomData.Uniform(random, k * n);
        var c = RandomData.Uniform(random, m * n);
        var expected = accumulate ? c.ToDouble() : new double[m * n];
        var packed = new float[Gemm.PackedBLength(n, k)];
        Gemm.PackB(n, k, b, n, false, packed);

        Gemm.MultiplyPackedB(m, n, k, a, k, false, packed, c, n, accumulate, default(ActivationEpilogue<IdentityActivation>), new CpuWorkspace());

        var product = ReferenceLayers.Gemm(m, n, k, a, k, false, b, n, false);
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] += product[i];
        }

        Closeness.AssertClose(expected, c, Closeness.ForwardTolerance);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void RunTaps_sums_one_product_per_tap_against_the_float64_reference(string kernelName)
    {
        foreach (var even in new[] { true, false })
        {
            switch (Enum.Parse<GemmKernel>(kernelName))
            {
                case GemmKernel.Avx512:
                    CheckTaps<Avx512MicroKernel>(even);
                    break;
                case GemmKernel.Avx2:
                    CheckTaps<Avx2MicroKernel>(even);
                    break;
                default:
                    CheckTaps<PortableMicroKernel>(even);
                    break;
            }
        }
    }

    /// <summary>
    /// Three taps of depth 5 at offsets that overlap as a convolution's do, over rows 7 floats apart or, not
    /// <paramref name="even"/>, with a jump halfway (a block spanning two output rows); B rows wider than the kernel's
    /// columns; C (wider than the tile) is overwritten and its last columns are left alone.
    /// </summary>
    private static unsafe void CheckTaps<TKernel>(bool even)
        where TKernel : struct, IMicroKernel
    {
        const int taps = 3, depth = 5, lda = 7;
        nint[] offsets = [0, 3, 11];
        var (rows, columns) = (TKernel.Rows, TKernel.Columns);
        var starts = Enumerable.Range(0, rows).Select(r => (nint)((r * lda) + (even || r < rows / 2 ? 0 : 13))).ToArray();
        var (bStride, ldc) = (columns + 3, columns + 2);
        var random = new Random(rows * 100 + columns);
        var a = RandomData.Uniform(random, 11 + (int)starts[^1] + depth);
        var b = RandomData.Uniform(random, taps * depth * bStride);
        var c = RandomData.Uniform(random, rows * ldc, 100, 200);
        var before = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c)
        fixed (nint* po = offsets, ps = starts)
        {
            TKernel.RunTaps(pa, ps, po, taps, pb, bStride, depth, pc, ldc);
        }

        var expected = before.ToDouble();
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < columns; j++)
            {
                var sum = 0.0;
                for (var t = 0; t < taps; t++)
                {
                    for (var k = 0; k < depth; k++)
                    {
                        sum += (double)a[offsets[t] + starts[r] + k] * b[(((t * depth) + k) * bStride) + j];
                    }
                }

                expected[(r * ldc) + j] = sum;
            }
        }

        Closeness.AssertClose(expected, c, Closeness.ForwardTolerance, what: even ? "even rows" : "rows with a jump");
    }

    [Fact]
    public void Zero_depth_stores_the_epilogue_of_zero()
    {
        var c = new float[] { 5, 5, 5, 5 };
        var bias = stackalloc float[] { 1, 2 };
        Gemm.Multiply(2, 2, 0, [], 1, false, [], 2, false, c, 2, false, new ColumnBiasEpilogue<IdentityActivation>(bias), new CpuWorkspace());
        Assert.Equal([1f, 2f, 1f, 2f], c);
    }

    [Fact]
    public void Operands_too_short_for_their_sizes_are_rejected()
    {
        var workspace = new CpuWorkspace();
        var identity = default(ActivationEpilogue<IdentityActivation>);
        var error = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(4, 4, 4, new float[15], 4, false, new float[16], 4, false, new float[16], 4, false, identity, workspace));
        Assert.Contains("needs 16 values; got 15", error.Message);
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(4, 4, 4, new float[16], 3, false, new float[16], 4, false, new float[16], 4, false, identity, workspace));
        Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(4, 4, 4, new float[16], 4, false, new float[16], 4, false, new float[15], 4, false, identity, workspace));
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
        // [37, 65, 129] reads a row-major B in place with a packed ragged panel; [136, 70, 3800] is past the in-place
        // limits (m > 128 and k·ldb > 2^18), so B is packed there. One and two rows run row by row (RunRow): [1, 70, 37]
        // with a ragged panel and a depth that is not a multiple of 4, [2, 1100, 601] on all cores.
        int[][] sizes = [[1, 1, 1], [7, 13, 5], [37, 65, 129], [128, 256, 64], [8, 32, 300], [136, 70, 3800], [1, 70, 37], [2, 1100, 601]];
        foreach (var kernel in SupportedKernels)
        {
            foreach (var size in sizes)
            {
                foreach (var transposeA in new[] { false, true })
                {
                    foreach (var transposeB in new[] { false, true })
                    {
                        data.Add(kernel.ToString(), size[0], size[1], size[2], transposeA, transposeB);
                    }
                }
            }
        }

        return data;
    }
}
