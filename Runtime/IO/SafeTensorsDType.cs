namespace Strata.IO;

/// <summary>
/// The element types of the safetensors format, named as in its header (<c>"dtype": "F32"</c>). The order is the
/// reference implementation's, from the smallest alignment to the largest; writers lay tensors out from the last to the
/// first, so that every tensor stays aligned.
/// </summary>
public enum SafeTensorsDType
{
    /// <summary>Boolean, one byte (0 or 1).</summary>
    BOOL,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>8-bit float with 5 exponent and 2 mantissa bits (read as raw bytes only).</summary>
    F8_E5M2,

    /// <summary>8-bit float with 4 exponent and 3 mantissa bits (read as raw bytes only).</summary>
    F8_E4M3,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Unsigned 16-bit integer.</summary>
    U16,

    /// <summary>IEEE 754 half precision; <see cref="SafeTensor.ToSingles"/> converts it exactly.</summary>
    F16,

    /// <summary>bfloat16 (the upper half of a float32); <see cref="SafeTensor.ToSingles"/> converts it exactly.</summary>
    BF16,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Unsigned 32-bit integer.</summary>
    U32,

    /// <summary>IEEE 754 single precision: what Strata's parameters hold and what it writes.</summary>
    F32,

    /// <summary>IEEE 754 double precision; <see cref="SafeTensor.ToSingles"/> rounds it to float32.</summary>
    F64,

    /// <summary>Signed 64-bit integer (e.g. BatchNorm's <c>num_batches_tracked</c>).</summary>
    I64,

    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
}
