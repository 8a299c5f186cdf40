using System.Numerics;
using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// act(value + bias[row] + residual): a convolution whose output a residual connection adds to another tensor of its
/// shape, fused so the sum is written once (ResNet's <c>relu(bn2(conv2(y)) + x)</c> in evaluation). GEMM rows are the
/// group's output channels and columns the batch's positions, sample after sample (<see cref="ConvGemm"/>); the residual
/// is laid out as the output, [N, C, positions].
/// </summary>
public readonly unsafe struct ResidualEpilogue<TActivation> : IEpilogue
    where TActivation : struct, IActivation
{
    private readonly float* _residual;
    private readonly float* _bias;
    private readonly int _offset;
    private readonly int _positions;
    private readonly int _shift;
    private readonly nint _sampleStride;

    /// <summary>
    /// Adds <paramref name="residual"/> (pinned by the caller for the GEMM's duration) and <paramref name="bias"/> (or no
    /// bias when null) from channel <paramref name="offset"/> on: a grouped convolution's group starts at its first
    /// output channel.
    /// </summary>
    public ResidualEpilogue(float* residual, float* bias, int offset, int channels, int positions)
    {
        _residual = residual;
        _bias = bias;
        _offset = offset;
        _positions = positions;
        _shift = BitOperations.IsPow2(positions) ? BitOperations.Log2((uint)positions) : -1;
        _sampleStride = (nint)channels * positions;
    }

    /// <inheritdoc />
    public float Apply(float value, int row, int column) => TActivation.Apply(value + BiasAt(row) + *At(row, column));

    // Gemm passes vectors inside one sample's plane, so the residual's values there are contiguous.
    /// <inheritdoc />
    public Vector512<float> Apply(Vector512<float> value, int row, int column) =>
        TActivation.Apply(value + Vector512.Create(BiasAt(row)) + Vector512.Load(At(row, column)));

    /// <inheritdoc />
    public Vector256<float> Apply(Vector256<float> value, int row, int column) =>
        TActivation.Apply(value + Vector256.Create(BiasAt(row)) + Vector256.Load(At(row, column)));

    /// <inheritdoc />
    public Vector256<float> ApplyColumn(Vector256<float> value, int row, int column)
    {
        // Eight channels of one position: the residual's values lie a plane apart.
        var residual = At(row, column);
        var sum = value + Vector256.Create(
            residual[0], residual[_positions], residual[2 * _positions], residual[3 * _positions],
            residual[4 * _positions], residual[5 * _positions], residual[6 * _positions], residual[7 * _positions]);
        return TActivation.Apply(_bias is null ? sum : sum + Vector256.Load(_bias + _offset + row));
    }

    // A plane of a power of two positions (every ResNet and VGG plane) splits the column by a shift: the scalar form
    // runs for each value of a plane narrower than a vector (ResNet-18's 2 × 2 and 1 × 1 stages), where a division
    // per value cost more than the rest of the epilogue.
    private float* At(int row, int column)
    {
        var (n, p) = _shift >= 0 ? (column >> _shift, column & (_positions - 1)) : Math.DivRem(column, _positions);
        return _residual + n * _sampleStride + (nint)(_offset + row) * _positions + p;
    }

    private float BiasAt(int row) => _bias is null ? 0f : _bias[_offset + row];
}
