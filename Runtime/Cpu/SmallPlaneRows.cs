using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// The A operand of a forward run with the batch's output positions as GEMM rows (Yᵀ = colsᵀ · Wᵀ: the VGG-style net's
/// 4 × 4 and 2 × 2 layers at batch 1) packed straight into the micro-kernel's row blocks of 8, when each input plane fits
/// one vector: for each k = (c, tap), a block's 8 positions side by side, all of them one permute of the channel's plane
/// (or two samples' planes) held in registers, the padding masked to 0. This replaces a bounds-checked im2col into colsᵀ
/// and a scalar pack of it, which took a quarter of those layers' time (c6: 0.10 of 0.38 ms). <see cref="Multiply"/>
/// packs and multiplies in one parallel loop, split by depth.
/// </summary>
internal static unsafe class SmallPlaneRows
{
    private const int BlockRows = 8;
    private const int Lanes = 16;

    // Input channels per depth slice at least: below that a slice's product is small beside the fork it costs.
    private const int SliceChannels = 16;

    // Taps of the largest kernel taken, so the lookup tables fit on the stack (5 × 5: 2 × 25 × 32 ints, 6.4 KB).
    private const int MaxTaps = 25;

    /// <summary>
    /// Whether <paramref name="g"/>'s rows can be packed here: the AVX-512 kernel's 8-row blocks, one group, an input
    /// plane of 4, 8 or 16 floats (read as one 128-, 256- or 512-bit vector), and 4, 8 or 16 output positions a sample,
    /// so that a block takes whole samples' positions from at most two samples.
    /// </summary>
    public static bool Applies(in ConvGeometry g) =>
        CpuKernels.Vector512 && Avx512F.IsSupported && Gemm.BestKernel == GemmKernel.Avx512 && g.Groups == 1
        && g.KernelHeight * g.KernelWidth <= MaxTaps
        && g.InHeight * g.InWidth is 4 or 8 or 16 && g.OutHeight * g.OutWidth is 4 or 8 or 16;

    /// <summary>
    /// The product Yᵀ = colsᵀ · Wᵀ of <paramref name="g"/> (g.Batch · positions rows, g.OutChannels columns, row stride
    /// g.OutChannels) into <paramref name="product"/>: colsᵀ of <paramref name="input"/> ([N, C, H, W]) packed here into
    /// <paramref name="packedRows"/> (<see cref="GemmPacking.PackedALength"/> floats; rows past the batch's last
    /// position zero) times <paramref name="packedWeights"/> (Wᵀ packed as B). The depth is split across the cores by
    /// input channels: each core packs its channels' part of every row block and multiplies it by the same part of every
    /// panel, into the product or its own partial product, and the partials are added to the product at the end. One
    /// fork for packing and product, and the packing on every core: split by panels, the packing ran on the calling
    /// thread first (a quarter of the time of ResNet-18's 2 × 2 layers at batch 1).
    /// </summary>
    public static void Multiply(in ConvGeometry g, float* input, float* packedRows, float* packedWeights, Span<float> product, CpuWorkspace workspace)
    {
        var taps = g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var total = g.Batch * positions;
        var depth = g.InChannels * taps;
        var columns = g.OutChannels;

        // Per block pattern (where in its sample a block starts) and tap, each lane's index into the two vectors (the
        // first sample's plane, then the next one's) and an all-ones mask where the tap reads the image rather than the
        // padding. Rows past the batch's last position read the second vector, zero when there is no next sample.
        var patterns = Patterns(positions);
        var lookup = stackalloc int[patterns * taps * 2 * Lanes];
        for (var pattern = 0; pattern < patterns; pattern++)
        {
            Lookup(g, pattern * BlockRows, lookup + (pattern * taps * 2 * Lanes));
        }

        var slices = Gemm.IsParallel(total, columns, depth) ? Math.Clamp(g.InChannels / SliceChannels, 1, Environment.ProcessorCount) : 1;
        var size = total * columns;
        var partials = slices > 1 ? workspace.Pointer(WorkspaceSlot.PartialProducts, (slices - 1) * size) : null;
        fixed (float* first = product)
        {
            var body = new Slices(g, input, packedRows, lookup, packedWeights, first, partials, slices);
            if (slices == 1)
            {
                body.Run(0);
                return;
            }

            CpuParallel.For(slices, ref body);
        }

        for (var s = 1; s < slices; s++)
        {
            SpanVectors.AddTo(new ReadOnlySpan<float>(partials + ((nint)(s - 1) * size), size), product[..size]);
        }
    }

    /// <summary>The block patterns: one per 8 rows of a sample's positions (a block of 4-position samples holds two).</summary>
    private static int Patterns(int positions) => Math.Max(positions / BlockRows, 1);

    /// <summary>Slice s of the depth (input channels s·C / slices on), packed and multiplied, one iteration each.</summary>
    private readonly struct Slices(
        ConvGeometry g, float* input, float* packedRows, int* lookup, float* packedWeights, float* product, float* partials, int slices)
        : IParallelBody
    {
        public void Run(int s)
        {
            var taps = g.KernelHeight * g.KernelWidth;
            var total = g.Batch * g.OutHeight * g.OutWidth;
            var (start, end) = (s * g.InChannels / slices, (s + 1) * g.InChannels / slices);
            for (var block = 0; block < GemmPacking.BlockCount(total, BlockRows); block++)
            {
                PackBlock(g, input, packedRows, lookup, block, start, end);
            }

            var target = s == 0 ? product : partials + ((nint)(s - 1) * total * g.OutChannels);
            Gemm.MultiplyPackedABDepth(total, g.OutChannels, g.InChannels * taps, start * taps, (end - start) * taps, packedRows, packedWeights,
                target, g.OutChannels);
        }
    }

    /// <summary>Input channels [<paramref name="start"/>, <paramref name="end"/>) of row block <paramref name="block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackBlock(in ConvGeometry g, float* input, float* packed, int* lookup, int block, int start, int end)
    {
        var taps = g.KernelHeight * g.KernelWidth;
        var positions = g.OutHeight * g.OutWidth;
        var plane = g.InHeight * g.InWidth;
        var first = block * BlockRows;
        var sample = first / positions;
        var indices = lookup + (first % positions / BlockRows * taps * 2 * Lanes);
        var masks = indices + (taps * Lanes);
        var sampleStride = (nint)g.InChannels * plane;
        var lower = input + (sample * sampleStride);
        var upper = sample + 1 < g.Batch ? lower + sampleStride : null;
        var target = packed + ((nint)first * g.InChannels * taps) + ((nint)start * taps * BlockRows);
        for (var c = start; c < end; c++)
        {
            var a = Plane(lower + ((nint)c * plane), plane);
            var b = upper is null ? Vector512<float>.Zero : Plane(upper + ((nint)c * plane), plane);
            for (var t = 0; t < taps; t++, target += BlockRows)
            {
                var values = Avx512F.PermuteVar16x32x2(a, Vector512.Load(indices + (t * Lanes)), b);
                (values & Vector512.Load(masks + (t * Lanes)).AsSingle()).GetLower().Store(target);
            }
        }
    }

    /// <summary>One channel's plane of 4, 8 or 16 floats in the low lanes of a vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Plane(float* source, int plane) => plane switch
    {
        Lanes => Vector512.Load(source),
        BlockRows => Vector256.Load(source).ToVector512Unsafe(),
        _ => Vector128.Load(source).ToVector256Unsafe().ToVector512Unsafe(),
    };

    /// <summary>
    /// The lanes of a block whose first row is output position <paramref name="position"/> of its sample: lane r is
    /// row r, which is position + r of the first sample or, past its last position, of the next one (the second
    /// vector's lanes, 16 on); taps on the padding are masked.
    /// </summary>
    private static void Lookup(in ConvGeometry g, int position, int* table)
    {
        var positions = g.OutHeight * g.OutWidth;
        var taps = g.KernelHeight * g.KernelWidth;
        var indices = table;
        var masks = table + (taps * Lanes);
        for (var r = 0; r < Lanes; r++)
        {
            var (second, p) = Math.DivRem(position + r, positions);
            var (oh, ow) = Math.DivRem(p, g.OutWidth);
            var (top, left) = ((oh * g.Stride) - g.Pad, (ow * g.Stride) - g.Pad);
            for (int kh = 0, t = 0; kh < g.KernelHeight; kh++)
            {
                var ih = top + (kh * g.Dilation);
                for (var kw = 0; kw < g.KernelWidth; kw++, t++)
                {
                    var iw = left + (kw * g.Dilation);
                    var inside = second <= 1 && ih >= 0 && ih < g.InHeight && iw >= 0 && iw < g.InWidth;
                    indices[(t * Lanes) + r] = inside ? (second * Lanes) + (ih * g.InWidth) + iw : 0;
                    masks[(t * Lanes) + r] = inside ? -1 : 0;
                }
            }
        }
    }
}
