using System.Runtime.Intrinsics;

namespace Strata.Cpu;

/// <summary>
/// What <see cref="Gemm"/> does to each finished output value before storing it (bias, activation). Implemented by
/// structs and passed as a generic argument so the JIT inlines it into the micro-kernel's store.
/// </summary>
public interface IEpilogue
{
    /// <summary>The stored value for the sum <paramref name="value"/> at C[row, column].</summary>
    float Apply(float value, int row, int column);

    /// <summary>The stored values for C[row, column .. column + 15].</summary>
    Vector512<float> Apply(Vector512<float> value, int row, int column);

    /// <summary>The stored values for C[row, column .. column + 7].</summary>
    Vector256<float> Apply(Vector256<float> value, int row, int column);

    /// <summary>The stored values for C[row .. row + 7, column]: a column of eight rows, for a product stored transposed.</summary>
    Vector256<float> ApplyColumn(Vector256<float> value, int row, int column);
}
