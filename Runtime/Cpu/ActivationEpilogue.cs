using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>An epilogue that applies an activation only; with <see cref="IdentityActivation"/> it stores the raw sum.</summary>
public readonly struct ActivationEpilogue<TActivation> : IEpilogue
    where TActivation : struct, IActivation
{
    /// <inheritdoc />
    public float Apply(float value, int row, int column) => TActivation.Apply(value);

    /// <inheritdoc />
    public Vector512<float> Apply(Vector512<float> value, int row, int column) => TActivation.Apply(value);

    /// <inheritdoc />
    public Vector256<float> Apply(Vector256<float> value, int row, int column) => TActivation.Apply(value);

    /// <inheritdoc />
    public Vector256<float> ApplyColumn(Vector256<float> value, int row, int column) => TActivation.Apply(value);
}
