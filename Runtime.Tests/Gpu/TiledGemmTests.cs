using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// The tiled GEMM (GemmKernels.Tiled through TiledGemm) on ILGPU's CPU accelerator against the CPU GEMM (itself
/// checked against a float64 triple loop), at sizes that are not multiples of the tile, with both group shapes (4 × 4
/// threads, a 16 × 16 tile; 16 × 16 threads, the 64 × 64 tile a GPU gets), every transpose and the fused epilogue; and
/// its PTX stages tiles in shared memory with no local arrays. Tolerance 1e-4 relative.
/// </summary>
public unsafe class TiledGemmTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    // m, n, k, transpose A, transpose B, group side, bias + tanh epilogue, accumulate
    public static TheoryData<int, int, int, bool, bool, int, bool, bool> Cases => new()
    {
        { 37, 29, 19, false, false, 4, false, false },  // 3 × 2 tiles, partial in both, K spans two slices
        { 5, 23, 33, true, false, 4, true, false },     // one partial row tile, transposed A, three K slices
        { 17, 9, 40, false, true, 4, true, false },     // dense layer's layout: B is the [out, in] weight
        { 13, 11, 7, true, true, 4, false, true },      // both transposed, adds to C
        { 1, 1, 1, false, false, 4, true, false },      // one element
        { 70, 67, 20, false, true, 16, true, false },   // the GPU's 64 × 64 tile: 2 × 2 tiles, partial
        { 9, 65, 3, true, false, 16, false, true },     // K shorter than a slice
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tiled_gemm_matches_the_cpu_gemm(int m, int n, int k, bool transposeA, bool transposeB, int side, bool epilogue, bool accumulate)
    {
        var random = new Random(m * 10007 + n * 101 + k + side);
        var (lda, ldb, ldc) = (transposeA ? m + 2 : k + 1, transposeB ? k + 3 : n, n + 1);
        var a = RandomData.Uniform(random, (transposeA ? k : m) * lda);
        var b = RandomData.Uniform(random, (transposeB ? n : k) * ldb);
        var bias = RandomData.Uniform(random, n);
        var c = RandomData.Uniform(random, m * ldc);

        var expected = (float[])c.Clone();
        if (epilogue)
        {
            fixed (float* columns = bias)
            {
                Gemm.Multiply(m, n, k, a, lda, transposeA, b, ldb, transposeB, expected, ldc, accumulate, new ColumnBiasEpilogue<TanhActivation>(columns), new CpuWorkspace());
            }
        }
        else
        {
            Gemm.Multiply(m, n, k, a, lda, transposeA, b, ldb, transposeB, expected, ldc, accumulate, default(ActivationEpilogue<IdentityActivation>), new CpuWorkspace());
        }

        var accelerator = fixture.Device.Accelerator;
        using var aBuffer = accelerator.Allocate1D(a);
        using var bBuffer = accelerator.Allocate1D(b);
        using var biasBuffer = accelerator.Allocate1D(bias);
        using var cBuffer = accelerator.Allocate1D(c);
        new TiledGemm(accelerator, new Index2D(side, side)).Multiply(
            aBuffer.View, bBuffer.View, cBuffer.View, biasBuffer.View,
            new GemmArguments(m, n, k, lda, ldb, ldc, transposeA, transposeB, accumulate, epilogue),
            epilogue ? DenseActivation.Tanh : DenseActivation.Identity);

        var actual = cBuffer.GetAsArray1D();
        Closeness.AssertClose(expected.ToDouble(), actual, Closeness.ForwardTolerance, what: $"{m}×{n}×{k} side {side}");
    }

    [Fact]
    public void The_group_shape_comes_from_the_device()
    {
        Assert.Equal(new Index2D(4, 4), TiledGemm.GroupShapeFor(fixture.Device.Accelerator));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TiledGemm(fixture.Device.Accelerator, new Index2D(32, 8)));
    }

    /// <summary>Every instantiation of the tiled kernel that the runtime launches.</summary>
    public static TheoryData<string> Instantiations => new(TiledInstantiations.All.Keys);

    [Theory]
    [MemberData(nameof(Instantiations))]
    [Covers(Check.Ptx, typeof(DenseAttribute), typeof(ConvAttribute), typeof(ConvTransposeAttribute))]
    public void Tiled_kernel_compiles_to_ptx_with_shared_tiles_and_no_local_arrays(string name)
    {
        var ptx = PtxCompiler.CompileExplicitlyGrouped(TiledInstantiations.All[name]);

        PtxCompiler.AssertTiled(ptx);
    }
}

/// <summary>The closed instantiations of <see cref="GemmKernels.Tiled"/> launched by the runtime, by name.</summary>
internal static class TiledInstantiations
{
    public static readonly Dictionary<string, MethodInfo> All = Build();

    private static Dictionary<string, MethodInfo> Build()
    {
        var tiled = typeof(GemmKernels).GetMethod(nameof(GemmKernels.Tiled), BindingFlags.Public | BindingFlags.Static)!;
        var instantiations = new (Type A, Type B, Type Epilogue)[]
        {
            (typeof(MatrixOperand), typeof(MatrixOperand), typeof(MatrixEpilogue)),                      // dense, recurrent
            (typeof(MatrixOperand), typeof(ConvWindowOperand), typeof(ChannelPlaneEpilogue)),               // convolution forward
            (typeof(ConvTransposedWeightOperand), typeof(ConvOutputGradientOperand), typeof(ChannelPlaneEpilogue)), // dx; transposed forward
            (typeof(ChannelPlaneOperand), typeof(ConvWindowOperand), typeof(MatrixEpilogue)),               // dW
        };
        return instantiations.ToDictionary(
            types => $"{types.A.Name}·{types.B.Name}→{types.Epilogue.Name}",
            types => tiled.MakeGenericMethod(types.A, types.B, types.Epilogue));
    }
}
