using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// A dense row-major matrix as a GEMM operand. For A, op(A)[row, k] is <c>view[row·ld + k]</c>, or <c>view[k·ld + row]</c>
/// when transposed; for B, op(B)[k, column] is <c>view[k·ld + column]</c>, or <c>view[column·ld + k]</c> when transposed.
/// </summary>
internal readonly struct MatrixOperand : IGemmOperand
{
    private readonly ArrayView<float> _view;
    private readonly int _ld;
    private readonly int _contiguousInK;

    private MatrixOperand(ArrayView<float> view, int ld, bool contiguousInK)
    {
        _view = view;
        _ld = ld;
        _contiguousInK = contiguousInK ? 1 : 0;
    }

    public int ContiguousInK => _contiguousInK;

    /// <summary>The left operand A (M × K, or K × M stored when <paramref name="transposed"/>).</summary>
    public static MatrixOperand Left(ArrayView<float> view, int ld, bool transposed) => new(view, ld, !transposed);

    /// <summary>The right operand B (K × N, or N × K stored when <paramref name="transposed"/>).</summary>
    public static MatrixOperand Right(ArrayView<float> view, int ld, bool transposed) => new(view, ld, transposed);

    public float Load(int outer, int k) => _contiguousInK != 0 ? _view[outer * _ld + k] : _view[k * _ld + outer];
}
