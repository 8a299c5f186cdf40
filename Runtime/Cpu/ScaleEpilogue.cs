using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>value · scale: attention's 1/√headSize on q·kᵀ and on the gradients of q and k.</summary>
public readonly struct ScaleEpilogue : IEpilogue
{
    private readonly float _scale;

    /// <summary>Multiplies every stored value by <paramref name="scale"/>.</summary>
    public ScaleEpilogue(float scale) => _scale = scale;

    /// <inheritdoc />
    public float Apply(float value, int row, int column) => value * _scale;

    /// <inheritdoc />
    public Vector512<float> Apply(Vector512<float> value, int row, int column) => value * _scale;

    /// <inheritdoc />
    public Vector256<float> Apply(Vector256<float> value, int row, int column) => value * _scale;

    /// <inheritdoc />
    public Vector256<float> ApplyColumn(Vector256<float> value, int row, int column) => value * _scale;
}
