using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// act(value + bias[channel] [+ residual]) for <see cref="SmallPlaneConv"/>'s product, whose GEMM rows are samples and
/// columns the output's (channel, position) pairs in NCHW order: column j is channel j / positions. The optional
/// residual is laid out as the output, so its value for (row, column) is at row · columns + column.
/// </summary>
public readonly unsafe struct PlaneEpilogue<TActivation> : IEpilogue
    where TActivation : struct, IActivation
{
    private readonly float* _bias;
    private readonly float* _residual;
    private readonly int _positions;
    private readonly int _columns;

    /// <summary>
    /// Adds <paramref name="bias"/> (one value per output channel, or none when null) and <paramref name="residual"/>
    /// (pinned by the caller for the GEMM's duration, or none when null) to an output of <paramref name="channels"/>
    /// channels of <paramref name="positions"/> positions each.
    /// </summary>
    public PlaneEpilogue(float* bias, float* residual, int channels, int positions)
    {
        _bias = bias;
        _residual = residual;
        _positions = positions;
        _columns = channels * positions;
    }

    /// <inheritdoc />
    public float Apply(float value, int row, int column) =>
        TActivation.Apply(value + BiasAt(column) + (_residual is null ? 0f : _residual[((nint)row * _columns) + column]));

    /// <inheritdoc />
    public Vector512<float> Apply(Vector512<float> value, int row, int column)
    {
        var sum = value + Biases512(column);
        return TActivation.Apply(_residual is null ? sum : sum + Vector512.Load(_residual + ((nint)row * _columns) + column));
    }

    /// <inheritdoc />
    public Vector256<float> Apply(Vector256<float> value, int row, int column)
    {
        var sum = value + Biases256(column);
        return TActivation.Apply(_residual is null ? sum : sum + Vector256.Load(_residual + ((nint)row * _columns) + column));
    }

    /// <inheritdoc />
    public Vector256<float> ApplyColumn(Vector256<float> value, int row, int column)
    {
        // Eight samples of one (channel, position): the residual's values lie a sample apart.
        var sum = value + Vector256.Create(BiasAt(column));
        if (_residual is not null)
        {
            var residual = _residual + ((nint)row * _columns) + column;
            sum += Vector256.Create(
                residual[0], residual[_columns], residual[2 * _columns], residual[3 * _columns],
                residual[4 * _columns], residual[5 * _columns], residual[6 * _columns], residual[7 * _columns]);
        }

        return TActivation.Apply(sum);
    }

    private float BiasAt(int column) =>
        _bias is null ? 0f : _bias[column / _positions];

    // A 1×1 plane reads the bias in place; larger planes repeat each channel's value over its positions.
    private Vector512<float> Biases512(int column)
    {
        if (_bias is null)
        {
            return Vector512<float>.Zero;
        }

        if (_positions == 1)
        {
            return Vector512.Load(_bias + column);
        }

        var lanes = stackalloc float[Vector512<float>.Count];
        for (var i = 0; i < Vector512<float>.Count; i++)
        {
            lanes[i] = BiasAt(column + i);
        }

        return Vector512.Load(lanes);
    }

    private Vector256<float> Biases256(int column)
    {
        if (_bias is null)
        {
            return Vector256<float>.Zero;
        }

        if (_positions == 1)
        {
            return Vector256.Load(_bias + column);
        }

        var lanes = stackalloc float[Vector256<float>.Count];
        for (var i = 0; i < Vector256<float>.Count; i++)
        {
            lanes[i] = BiasAt(column + i);
        }

        return Vector256.Load(lanes);
    }
}
