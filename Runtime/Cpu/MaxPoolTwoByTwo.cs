using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// Max pooling's commonest case, 2 × 2 windows at stride 2 without padding (LeNet, VGG), over whole rows with AVX-512:
/// 16 outputs at a time from two vectors of each of the window's two input rows, split into even and odd columns by
/// permutes, and a row's last outputs through masked loads and stores instead of a scalar tail. The four cells are
/// taken in row-major order with <see cref="MaxPoolPlane"/>'s rule lane-wise (a later cell wins when greater or NaN),
/// so the winners are the same; on random data the scalar loop's branch mispredicts about every other cell.
/// </summary>
internal static unsafe class MaxPoolTwoByTwo
{
    private const int Lanes = 16;


    /// <summary>Whether <paramref name="g"/> runs here: 2 × 2, stride 2, no padding, every window inside the image, AVX-512.</summary>
    public static bool Applies(in PoolGeometry g) =>
        g.Kernel == 2 && g.Stride == 2 && g.Pad == 0 && 2 * g.OutWidth <= g.InWidth && 2 * g.OutHeight <= g.InHeight &&
        CpuKernels.Vector512 && Avx512F.IsSupported;

    /// <summary>y of one plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in PoolGeometry g, float* x, float* y, int plane)
    {
        var split = new Split();
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            var top = x + (((nint)plane * g.InHeight) + (2 * oh)) * g.InWidth;
            var output = y + (((nint)plane * g.OutHeight) + oh) * g.OutWidth;
            for (var ow = 0; ow < g.OutWidth; ow += Lanes)
            {
                var masks = new Masks(g.OutWidth - ow);
                var cells = new Cells(top + (2 * ow), g.InWidth, masks, split);
                var best = Win(cells.TopRight, cells.TopLeft);
                best = Win(cells.BottomLeft, best);
                Avx512F.MaskStore(output + ow, masks.Outputs, Win(cells.BottomRight, best));
            }
        }
    }

    /// <summary>dx of one plane (overwritten): each output gradient goes to its window's winner, every other cell gets 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(in PoolGeometry g, float* x, float* dy, float* dx, int plane)
    {
        if (2 * g.OutWidth != g.InWidth || 2 * g.OutHeight != g.InHeight)
        {
            // An odd last row or column lies in no window.
            new Span<float>(dx + (nint)(plane * g.InHeight * g.InWidth), g.InHeight * g.InWidth).Clear();
        }

        var split = new Split();
        for (var oh = 0; oh < g.OutHeight; oh++)
        {
            var offset = (((nint)plane * g.InHeight) + (2 * oh)) * g.InWidth;
            var gradients = dy + (((nint)plane * g.OutHeight) + oh) * g.OutWidth;
            for (var ow = 0; ow < g.OutWidth; ow += Lanes)
            {
                var masks = new Masks(g.OutWidth - ow);
                var cells = new Cells(x + offset + (2 * ow), g.InWidth, masks, split);
                var best = cells.TopLeft;
                var cell = Vector512<float>.Zero;
                Consider(cells.TopRight, 1f, ref best, ref cell);
                Consider(cells.BottomLeft, 2f, ref best, ref cell);
                Consider(cells.BottomRight, 3f, ref best, ref cell);
                var gradient = Avx512F.MaskLoad(gradients + ow, masks.Outputs, Vector512<float>.Zero);
                var target = dx + offset + (2 * ow);
                StoreRow(target, masks, split, Share(cell, 0f, gradient), Share(cell, 1f, gradient));
                StoreRow(target + g.InWidth, masks, split, Share(cell, 2f, gradient), Share(cell, 3f, gradient));
            }
        }
    }

    /// <summary>The rule lane-wise: <paramref name="value"/> wins when greater than <paramref name="best"/> or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Win(Vector512<float> value, Vector512<float> best) =>
        Vector512.ConditionalSelect(Wins(value, best), value, best);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Wins(Vector512<float> value, Vector512<float> best) =>
        Vector512.GreaterThan(value, best) | ~Vector512.Equals(value, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(Vector512<float> value, float index, ref Vector512<float> best, ref Vector512<float> cell)
    {
        var wins = Wins(value, best);
        best = Vector512.ConditionalSelect(wins, value, best);
        cell = Vector512.ConditionalSelect(wins, Vector512.Create(index), cell);
    }

    /// <summary>The gradient in the lanes whose winner is cell <paramref name="index"/>, 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Share(Vector512<float> cell, float index, Vector512<float> gradient) =>
        Vector512.ConditionalSelect(Vector512.Equals(cell, Vector512.Create(index)), gradient, Vector512<float>.Zero);

    /// <summary>Writes one input row's 2 × 16 cells: the left cells' values interleaved with the right cells'.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* row, in Masks masks, in Split split, Vector512<float> left, Vector512<float> right)
    {
        Avx512F.MaskStore(row, masks.FirstInputs, Avx512F.PermuteVar16x32x2(left, split.InterleaveLow, right));
        Avx512F.MaskStore(row + Lanes, masks.SecondInputs, Avx512F.PermuteVar16x32x2(left, split.InterleaveHigh, right));
    }

    /// <summary>The permutes' indices, made once per call (properties read inside the loops were not inlined there).</summary>
    private readonly struct Split
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Split()
        {
            Evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            Odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            InterleaveLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            InterleaveHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        }

        /// <summary>Columns 0, 2, …, 30 of two vectors.</summary>
        public Vector512<int> Evens { get; }

        /// <summary>Columns 1, 3, …, 31 of two vectors.</summary>
        public Vector512<int> Odds { get; }

        /// <summary>The first 8 lanes of two vectors, alternately.</summary>
        public Vector512<int> InterleaveLow { get; }

        /// <summary>The last 8 lanes of two vectors, alternately.</summary>
        public Vector512<int> InterleaveHigh { get; }
    }

    /// <summary>The lanes in use for <c>min(16, remaining)</c> outputs and their 2 × 16 input columns.</summary>
    private readonly struct Masks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Masks(int remaining)
        {
            var lanes = Vector512<int>.Indices;
            Outputs = Vector512.LessThan(lanes, Vector512.Create(remaining)).AsSingle();
            FirstInputs = Vector512.LessThan(lanes, Vector512.Create(2 * remaining)).AsSingle();
            SecondInputs = Vector512.LessThan(lanes, Vector512.Create((2 * remaining) - Lanes)).AsSingle();
        }

        public Vector512<float> Outputs { get; }

        public Vector512<float> FirstInputs { get; }

        public Vector512<float> SecondInputs { get; }
    }

    /// <summary>The four cells of 16 consecutive windows from a top-left cell on, lanes past the masks 0.</summary>
    private readonly struct Cells
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Cells(float* top, int rowLength, in Masks masks, in Split split)
        {
            var first = Avx512F.MaskLoad(top, masks.FirstInputs, Vector512<float>.Zero);
            var second = Avx512F.MaskLoad(top + Lanes, masks.SecondInputs, Vector512<float>.Zero);
            TopLeft = Avx512F.PermuteVar16x32x2(first, split.Evens, second);
            TopRight = Avx512F.PermuteVar16x32x2(first, split.Odds, second);
            first = Avx512F.MaskLoad(top + rowLength, masks.FirstInputs, Vector512<float>.Zero);
            second = Avx512F.MaskLoad(top + rowLength + Lanes, masks.SecondInputs, Vector512<float>.Zero);
            BottomLeft = Avx512F.PermuteVar16x32x2(first, split.Evens, second);
            BottomRight = Avx512F.PermuteVar16x32x2(first, split.Odds, second);
        }

        public Vector512<float> TopLeft { get; }

        public Vector512<float> TopRight { get; }

        public Vector512<float> BottomLeft { get; }

        public Vector512<float> BottomRight { get; }
    }
}
