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
    /// <see cref="Run"/> with A read in place: row r of the block starts at <paramref name="a"/> + r·<paramref name="lda"/>
    /// and holds its <paramref name="depth"/> values contiguously. Only the first <paramref name="rows"/> rows are read
    /// (the block may end early; the kernel repeats the last row), and all <see cref="Rows"/> rows of C are written.
    /// </summary>
    static abstract unsafe void RunRowMajorA<TEpilogue>(
        float* a, nint lda, int rows, float* b, nint bStride, int depth, float* c, nint ldc, bool accumulate, TEpilogue epilogue,
        int row, int column)
        where TEpilogue : struct, IEpilogue;
}
