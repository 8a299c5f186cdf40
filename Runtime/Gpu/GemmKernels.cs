using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// The GEMM template every dense, recurrent and convolution layer's GPU path instantiates:
/// C = epilogue(op(A) · op(B)), with op(A) M × K and op(B) K × N read through <see cref="IGemmOperand"/> structs and
/// each result handed to an <see cref="IGemmEpilogue"/> struct, so one launch does a layer's whole forward pass.
/// </summary>
/// <remarks>
/// Shared-memory tiling with register blocking. A group of dimX × dimY threads owns a (4·dimY) × (4·dimX) tile of C;
/// each thread accumulates a 4 × 4 block in 16 scalar registers (no local array, so nothing spills to .local by
/// construction), rows ty + i·dimY and columns tx + j·dimX, so a warp's stores and its shared-memory reads of B are
/// consecutive. The K dimension is walked in slices of <see cref="Depth"/>: the group loads an A slice and a B slice into
/// shared memory (each along whichever index is contiguous in memory, see <see cref="IGemmOperand.ContiguousInK"/>, so
/// loads coalesce; out-of-range elements read as 0, so partial tiles need no other branch), synchronises, and does
/// 16 FMAs per thread and k. The group shape comes from the device's limits (<see cref="TiledGemm"/>): 16 × 16 on a GPU,
/// for a 64 × 64 tile. Sizes are kernel parameters.
/// </remarks>
internal static class GemmKernels
{
    /// <summary>The K slice held in shared memory per step.</summary>
    public const int Depth = 16;

    /// <summary>The largest tile side (4 × 16 threads); shared memory is allocated for it.</summary>
    public const int MaxTile = 64;

    // A row of a shared slice: one more than the tile, so a k-fastest store of 16 threads hits 16 different banks.
    private const int Pitch = MaxTile + 1;

    /// <summary>The tiled kernel; launched with a 2D grid (column tiles, row tiles) of dimX × dimY groups, dimX, dimY ≤ 16.</summary>
    public static void Tiled<TA, TB, TEpilogue>(TA a, TB b, TEpilogue epilogue, GemmSize size)
        where TA : struct, IGemmOperand
        where TB : struct, IGemmOperand
        where TEpilogue : struct, IGemmEpilogue
    {
        var tileA = SharedMemory.Allocate<float>(Depth * Pitch);
        var tileB = SharedMemory.Allocate<float>(Depth * Pitch);
        var (tx, ty, dimX, dimY) = (Group.IdxX, Group.IdxY, Group.DimX, Group.DimY);
        var (tileM, tileN) = (4 * dimY, 4 * dimX);
        var row0 = Grid.IdxY * tileM;
        var column0 = Grid.IdxX * tileN;
        var threads = dimX * dimY;
        var thread = ty * dimX + tx;
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;

        for (var k0 = 0; k0 < size.K; k0 += Depth)
        {
            LoadSlice(a, tileA, thread, threads, tileM, row0, size.M, k0, size.K);
            LoadSlice(b, tileB, thread, threads, tileN, column0, size.N, k0, size.K);
            Group.Barrier();
            for (var p = 0; p < Depth; p++)
            {
                var rowA = p * Pitch + ty;
                var rowB = p * Pitch + tx;
                var (a0, a1, a2, a3) = (tileA[rowA], tileA[rowA + dimY], tileA[rowA + 2 * dimY], tileA[rowA + 3 * dimY]);
                var (b0, b1, b2, b3) = (tileB[rowB], tileB[rowB + dimX], tileB[rowB + 2 * dimX], tileB[rowB + 3 * dimX]);
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }

            Group.Barrier();
        }

        row0 += ty;
        column0 += tx;
        Store(ref epilogue, size, row0 + 0 * dimY, column0, dimX, c00, c01, c02, c03);
        Store(ref epilogue, size, row0 + 1 * dimY, column0, dimX, c10, c11, c12, c13);
        Store(ref epilogue, size, row0 + 2 * dimY, column0, dimX, c20, c21, c22, c23);
        Store(ref epilogue, size, row0 + 3 * dimY, column0, dimX, c30, c31, c32, c33);
    }

    /// <summary>
    /// Loads op(X)[outer0 .. outer0 + tile, k0 .. k0 + Depth] into <paramref name="slice"/>[k · Pitch + outer], the
    /// group's threads striding over it along the operand's contiguous index; out-of-range elements are 0.
    /// </summary>
    private static void LoadSlice<TOperand>(
        TOperand operand, ArrayView<float> slice, int thread, int threads, int tile, int outer0, int outerSize, int k0, int kSize)
        where TOperand : struct, IGemmOperand
    {
        var kFastest = operand.ContiguousInK != 0;
        for (var e = thread; e < tile * Depth; e += threads)
        {
            var (outer, k) = kFastest ? (e / Depth, e % Depth) : (e % tile, e / tile);
            var (o, kk) = (outer0 + outer, k0 + k);
            slice[k * Pitch + outer] = o < outerSize && kk < kSize ? operand.Load(o, kk) : 0f;
        }
    }

    private static void Store<TEpilogue>(ref TEpilogue epilogue, GemmSize size, int row, int column, int dimX, float v0, float v1, float v2, float v3)
        where TEpilogue : struct, IGemmEpilogue
    {
        if (row >= size.M)
        {
            return;
        }

        if (column < size.N)
        {
            epilogue.Store(row, column, v0);
        }

        if (column + dimX < size.N)
        {
            epilogue.Store(row, column + dimX, v1);
        }

        if (column + 2 * dimX < size.N)
        {
            epilogue.Store(row, column + 2 * dimX, v2);
        }

        if (column + 3 * dimX < size.N)
        {
            epilogue.Store(row, column + 3 * dimX, v3);
        }
    }
}
