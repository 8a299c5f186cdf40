using ILGPU;

namespace Strata.Gpu;

/// <summary>
/// C[row, column] = act(sum + bias[column]) into a row-major C with leading dimension ldc, or C += that when
/// accumulating: the epilogue of dense layers and of the recurrent projections.
/// </summary>
internal readonly struct MatrixEpilogue(ArrayView<float> c, int ldc, ArrayView<float> bias, bool hasBias, DenseActivation activation, bool accumulate)
    : IGemmEpilogue
{
    private readonly ArrayView<float> _c = c, _bias = bias;
    private readonly int _ldc = ldc, _hasBias = hasBias ? 1 : 0, _activation = (int)activation, _accumulate = accumulate ? 1 : 0;

    public void Store(int row, int column, float sum)
    {
        var value = _hasBias != 0 ? sum + _bias[column] : sum;
        value = ActivationKernels.Apply(_activation, value);
        var index = row * _ldc + column;
        _c[index] = _accumulate != 0 ? _c[index] + value : value;
    }
}
