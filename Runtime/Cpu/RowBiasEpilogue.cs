using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>act(value + bias[row]): a convolution's per-output-channel bias, with channels as GEMM rows.</summary>
public readonly unsafe struct RowBiasEpilogue<TActivation> : IEpilogue
    where TActivation : struct, IActivation
{
    private readonly float* _bias;
    private readonly int _offset;

    /// <summary>
    /// Uses <paramref name="bias"/> (pinned by the caller for the GEMM's duration) from <paramref name="offset"/> on, which must hold one value per GEMM row there (a
    /// grouped convolution's group starts at its first output channel).
    /// </summary>
    public RowBiasEpilogue(float* bias, int offset = 0)
    {
        _bias = bias;
        _offset = offset;
    }

    /// <inheritdoc />
    public float Apply(float value, int row, int column) => TActivation.Apply(value + BiasAt(row));

    /// <inheritdoc />
    public Vector512<float> Apply(Vector512<float> value, int row, int column) =>
        TActivation.Apply(value + Vector512.Create(BiasAt(row)));

    /// <inheritdoc />
    public Vector256<float> Apply(Vector256<float> value, int row, int column) =>
        TActivation.Apply(value + Vector256.Create(BiasAt(row)));

    /// <inheritdoc />
    public Vector256<float> ApplyColumn(Vector256<float> value, int row, int column) =>
        TActivation.Apply(value + Vector256.Load(_bias + _offset + row));

    // Gemm only passes rows inside C, and the callers check the bias length against C's rows.
    private float BiasAt(int row) => _bias[_offset + row];
}
