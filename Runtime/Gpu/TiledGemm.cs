using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Strata.Gpu;

/// <summary>
/// Launches <see cref="GemmKernels.Tiled"/> on one accelerator: each instantiation (operand and epilogue types) is
/// loaded once per accelerator, on first use, and the group shape is chosen once from the device's limits.
/// </summary>
internal sealed class TiledGemm
{
    private static readonly ConditionalWeakTable<Accelerator, TiledGemm> Caches = new();
    private readonly Accelerator _accelerator;
    private readonly ConcurrentDictionary<Type, Delegate> _kernels = new();

    /// <summary>A launcher with an explicit group shape (tests use it to cover both shapes on one accelerator).</summary>
    internal TiledGemm(Accelerator accelerator, Index2D groupShape)
    {
        if (groupShape.X is < 1 or > GemmKernels.MaxTile / 4 || groupShape.Y is < 1 or > GemmKernels.MaxTile / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(groupShape), groupShape, $"Each side of the group must be 1 to {GemmKernels.MaxTile / 4}.");
        }

        _accelerator = accelerator;
        GroupShape = groupShape;
    }

    /// <summary>dimX × dimY threads per group; each computes a 4 × 4 block, so a group owns a (4·dimY) × (4·dimX) tile.</summary>
    public Index2D GroupShape { get; }

    /// <summary>The launcher of <paramref name="accelerator"/>, created on first use.</summary>
    public static TiledGemm For(Accelerator accelerator) =>
        Caches.GetValue(accelerator, static a => new TiledGemm(a, GroupShapeFor(a)));

    /// <summary>
    /// Makes <paramref name="accelerator"/>'s launcher use <paramref name="groupShape"/> from now on (kernels already
    /// made keep the shape they were launched with: call it before the first launch). For the GPU benchmark's dry run on
    /// ILGPU's CPU accelerator, where a barrier's cost grows with the threads it joins: 1 × 1 groups (a 4 × 4 tile, one
    /// simulated thread, barriers that join nobody) make ResNet-18's K = 4,608 layers affordable there.
    /// </summary>
    internal static void UseGroupShape(Accelerator accelerator, Index2D groupShape)
    {
        var launcher = new TiledGemm(accelerator, groupShape);
        Caches.AddOrUpdate(accelerator, launcher);
    }

    /// <summary>
    /// The group shape for a device: 16 × 16 threads (a 64 × 64 tile, 8 KiB of shared memory) where the device allows
    /// 256 threads per group, as every CUDA GPU does, smaller squares where it allows fewer. ILGPU's CPU accelerator
    /// (a correctness simulator, where each barrier costs about 1.7 ms) gets 4 × 4, so tests at tiny sizes still span
    /// several tiles and partial ones.
    /// </summary>
    public static Index2D GroupShapeFor(Accelerator accelerator)
    {
        if (accelerator.AcceleratorType == AcceleratorType.CPU)
        {
            return new Index2D(4, 4);
        }

        var side = GemmKernels.MaxTile / 4;
        while (side > 1 && side * side > accelerator.MaxNumThreadsPerGroup)
        {
            side /= 2;
        }

        return new Index2D(side, side);
    }

    /// <summary>C = epilogue(op(A) · op(B)) in one launch; nothing is launched when C is empty.</summary>
    public void Launch<TA, TB, TEpilogue>(TA a, TB b, TEpilogue epilogue, GemmSize size)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
        where TEpilogue : struct, IGemmEpilogue
    {
        if (size.M <= 0 || size.N <= 0)
        {
            return;
        }

        var kernel = (Action<KernelConfig, TA, TB, TEpilogue, GemmSize>)_kernels.GetOrAdd(
            typeof(ValueTuple<TA, TB, TEpilogue>),
            static (_, accelerator) => accelerator.LoadStreamKernel<TA, TB, TEpilogue, GemmSize>(GemmKernels.Tiled),
            _accelerator);
        var (tileN, tileM) = (4 * GroupShape.X, 4 * GroupShape.Y);
        var grid = new Index2D((size.N + tileN - 1) / tileN, (size.M + tileM - 1) / tileM);
        kernel(new KernelConfig(grid, GroupShape), a, b, epilogue, size);
    }

    /// <summary>
    /// A plain matrix product with the old <see cref="GemmArguments"/> semantics: C = (accumulate ? C : 0) + op(A)·op(B)
    /// (+ bias[column]), then the activation when one is given (not with accumulate).
    /// </summary>
    public void Multiply(
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArguments g, DenseActivation activation = DenseActivation.Identity) =>
        Launch(
            MatrixOperand.Left(a, g.Lda, g.TransposeA != 0),
            MatrixOperand.Right(b, g.Ldb, g.TransposeB != 0),
            new MatrixEpilogue(c, g.Ldc, bias, g.UseBias != 0, activation, g.Accumulate != 0),
            new GemmSize(g.M, g.N, g.K));
}
