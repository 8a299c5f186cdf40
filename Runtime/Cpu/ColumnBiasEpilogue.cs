using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>act(value + bias[column]): a dense layer's per-output-feature bias, with features as GEMM columns.</summary>
public readonly unsafe struct ColumnBiasEpilogue<TActivation> : IEpilogue
    where TActivation : struct, IActivation
{
    private readonly float* _bias;

    /// <summary>Uses <paramref name="bias"/> (pinned by the caller for the GEMM's duration), which must hold one value per GEMM column.</summary>
    public ColumnBiasEpilogue(float* bias) => _bias = bias;

    /// <inheritdoc />
    public float Apply(float value, int row, int column) =>
        TActivation.Apply(value + _bias[column]);

    // Gemm only passes full vectors inside C, and the callers check the bias length against C's columns.
    /// <inheritdoc />
    public Vector512<float> Apply(Vector512<float> value, int row, int column) =>
        TActivation.Apply(value + Vector512.Load(_bias + column));

    /// <inheritdoc />
    public Vector256<float> Apply(Vector256<float> value, int row, int column) =>
        TActivation.Apply(value + Vector256.Load(_bias + column));

    /// <inheritdoc />
    public Vector256<float> ApplyColumn(Vector256<float> value, int row, int column) =>
        TActivation.Apply(value + Vector256.Create(_bias[column]));
}
