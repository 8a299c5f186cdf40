namespace Strata.Cpu;

/// <summary>
/// A register-blocked GEMM micro-kernel: it multiplies one packed row block of A by one packed column panel of B and
/// stores the <see cref="Rows"/> × <see cref="Columns"/> tile through an epilogue.
/// </summary>
internal interface IMicroKernel
{
    /// <summary>The rows of C one call produces (the height of a packed A block).</summary>
    static abstract int Rows { get; }

    /// <summary>The columns of C one call produces (the width of a packed B panel).</summary>
    static abstract int Columns { get; }

    /// <summary>Whether the hardware runs this kernel's vectors natively.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// C[0..Rows, 0..Columns] = epilogue((accumulate ? C : 0) + A·B) over <paramref name="depth"/> products, where
    /// <paramref name="packedA"/> holds Rows values per k; <paramref name="b"/> holds Columns contiguous values per k,
    /// successive k <paramref name="bStride"/> floats apart (a packed panel, or B's own rows read in place).
    /// <paramref name="row"/> and <paramref name="column"/> locate the tile in the whole C for the epilogue.
    /// </summary>
    static abstract unsafe void Run<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue;

    /// <summary>
    /// <see cref="Run"/> for a B panel that comes from memory rather than the cache (weights packed as B and larger
    /// than L2, which a batch-1 pass reads once): kernels that can prefetch B a fixed number of k ahead, so the
    /// panel's lines are in flight before the loop reaches them.
    /// </summary>
    static abstract unsafe void RunStreamingB<TEpilogue>(
        float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue;

    /// <summary>
    /// <see cref="RunStreamingB"/> (when <paramref name="streamB"/>) or <see cref="Run"/> for a block whose rows from
    /// <see cref="Rows"/> / 2 on are padding (batch 1 on a 2 × 2 plane: 4 positions): a kernel with a half-height body
    /// does half the multiply-adds and writes only the first half of C's rows; the others run their whole tile.
    /// </summary>
    static abstract unsafe void RunUpperHalf<TEpilogue>(
        bool streamB, float* packedA, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue;

    /// <summary>
    /// <see cref="Run"/> with A read in place: row r of the block starts at <paramref name="a"/> + r·<paramref name="lda"/>
    /// and holds its <paramref name="depth"/> values contiguously. Only the first <paramref name="rows"/> rows are read
    /// (the block may end early; the kernel repeats the last row), and all <see cref="Rows"/> rows of C are written.
    /// </summary>
    static abstract unsafe void RunRowMajorA<TEpilogue>(
        float* a, nint lda, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue,
        int row, int column)
        where TEpilogue : struct, IEpilogue;

    /// <summary>
    /// C[0..Rows, 0..Columns] = Σₜ Aₜ · Bₜ over <paramref name="taps"/> products of <paramref name="depth"/>, stored as
    /// is (no epilogue): row r of Aₜ starts at <paramref name="a"/> + offsets[t] + rows[r] and holds its depth values
    /// contiguously; Bₜ is laid out as in <see cref="Run"/> and follows Bₜ₋₁ (depth·bStride floats on). A convolution
    /// over a channels-last input, one kernel row's window a product (<see cref="ChannelsLastConv"/>); taps ≥ 1.
    /// </summary>
    static abstract unsafe void RunTaps(float* a, nint* rows, nint* offsets, int taps, float* b, nint bStride, int depth, float* c, nint ldc);

    /// <summary>
    /// One row of C: C[0, 0..Columns] = epilogue((accumulate ? C : 0) + a·B), where the k-th value of
    /// <paramref name="a"/> is a[k·<paramref name="aStep"/>] (1 for a row of a row-major A, lda for a column of a
    /// transposed one) and B is laid out as in <see cref="Run"/>. For products with a row or two, where a
    /// <see cref="Rows"/>-high block would mostly multiply padding.
    /// </summary>
    static abstract unsafe void RunRow<TEpilogue>(
        float* a, nint aStep, float* b, nint bStride, int depth, float* c, bool accumulate, TEpilogue epilogue, int row, int column)
        where TEpilogue : struct, IEpilogue;
}
