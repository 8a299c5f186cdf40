using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Runtime.InteropServices;

namespace Strata.IO;

/// <summary>
/// One tensor of a safetensors file: its element type, its shape (outermost first, as in PyTorch) and its raw
/// little-endian bytes, row-major. Immutable.
/// </summary>
public sealed class SafeTensor
{
    private readonly byte[] _data;

    /// <summary>
    /// A tensor of <paramref name="dtype"/> and <paramref name="shape"/> holding a copy of <paramref name="data"/>, the
    /// raw little-endian elements. Throws <see cref="ArgumentException"/> when a dimension is negative or the byte count
    /// is not the element count times the element size.
    /// </summary>
    public SafeTensor(SafeTensorsDType dtype, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data)
    {
        if (!Enum.IsDefined(dtype))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype.");
        }

        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Dimensions must be ≥ 0, got [{FormatShape(shape)}].", nameof(shape));
            }
        }

        var byteCount = ByteCount(dtype, shape);
        if (byteCount != data.Length)
        {
            throw new ArgumentException(
                $"A {dtype} tensor of shape [{FormatShape(shape)}] takes {(byteCount < 0 ? "more than 2^63" : byteCount.ToString("N0"))} bytes, got {data.Length:N0}.",
                nameof(data));
        }

        DType = dtype;
        Shape = new ReadOnlyCollection<long>(shape.ToArray());
        ElementCount = ElementCountOf(shape);
        _data = data.ToArray();
    }

    private SafeTensor(SafeTensorsDType dtype, long[] shape, byte[] data, bool _)
    {
        DType = dtype;
        Shape = new ReadOnlyCollection<long>(shape);
        ElementCount = ElementCountOf(shape);
        _data = data;
    }

    /// <summary>For the reader and the factories, which have validated the shape and hand over arrays they own.</summary>
    internal static SafeTensor Wrap(SafeTensorsDType dtype, long[] shape, byte[] data) => new(dtype, shape, data, true);

    /// <summary>The element type as stored.</summary>
    public SafeTensorsDType DType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>The raw little-endian bytes, exactly as in the file.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>
    /// A float32 tensor of <paramref name="shape"/> holding <paramref name="values"/>. Throws
    /// <see cref="ArgumentException"/> when the shape's element count is not the number of values.
    /// </summary>
    public static SafeTensor FromSingles(ReadOnlySpan<float> values, params ReadOnlySpan<long> shape)
    {
        CheckCount(values.Length, shape);
        var data = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(data);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        return Wrap(SafeTensorsDType.F32, shape.ToArray(), data);
    }

    /// <summary>
    /// An int64 tensor of <paramref name="shape"/> holding <paramref name="values"/> (e.g. BatchNorm's
    /// <c>num_batches_tracked</c>, a scalar: pass no dimensions). Throws <see cref="ArgumentException"/> when the
    /// shape's element count is not the number of values.
    /// </summary>
    public static SafeTensor FromInt64s(ReadOnlySpan<long> values, params ReadOnlySpan<long> shape)
    {
        CheckCount(values.Length, shape);
        var data = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * sizeof(long)), values[i]);
        }

        return Wrap(SafeTensorsDType.I64, shape.ToArray(), data);
    }

    /// <summary>
    /// The elements as float32: F32 as stored, F16 and BF16 converted exactly (subnormals, infinities and NaNs
    /// included), F64 rounded to the nearest float32. Throws <see cref="InvalidOperationException"/> for other dtypes.
    /// </summary>
    public float[] ToSingles()
    {
        var result = new float[ElementCount];
        var data = _data.AsSpan();
        switch (DType)
        {
            case SafeTensorsDType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(data).CopyTo(result);
                break;
            case SafeTensorsDType.F32:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                }

                break;
            case SafeTensorsDType.F16:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]);
                }

                break;
            case SafeTensorsDType.BF16:
                // bfloat16 is the upper 16 bits of a float32, so widening is exact.
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]) << 16);
                }

                break;
            case SafeTensorsDType.F64:
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                }

                break;
            default:
                throw new InvalidOperationException($"A {DType} tensor has no float32 values; ToSingles reads F32, F16, BF16 and F64.");
        }

        return result;
    }

    /// <summary>
    /// The elements as int64: I64 as stored; BOOL, U8, I8, I16, U16, I32 and U32 widened. Throws
    /// <see cref="InvalidOperationException"/> for float dtypes and U64 (read those from <see cref="Data"/>).
    /// </summary>
    public long[] ToInt64s()
    {
        if (DType is not (SafeTensorsDType.I64 or SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.I16
            or SafeTensorsDType.U16 or SafeTensorsDType.I8 or SafeTensorsDType.U8 or SafeTensorsDType.BOOL))
        {
            throw new InvalidOperationException(
                $"A {DType} tensor has no int64 values; ToInt64s reads I64 and the narrower integer types.");
        }

        var result = new long[ElementCount];
        var data = _data.AsSpan();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = DType switch
            {
                SafeTensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
                SafeTensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
                SafeTensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(data[(i * 4)..]),
                SafeTensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]),
                SafeTensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(data[(i * 2)..]),
                SafeTensorsDType.I8 => (sbyte)data[i],
                _ => data[i],
            };
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"{DType} [{FormatShape([.. Shape])}]";

    /// <summary>The size in bytes of one element of <paramref name="dtype"/>.</summary>
    internal static int SizeOf(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.BOOL or SafeTensorsDType.U8 or SafeTensorsDType.I8
            or SafeTensorsDType.F8_E5M2 or SafeTensorsDType.F8_E4M3 => 1,
        SafeTensorsDType.I16 or SafeTensorsDType.U16 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 => 2,
        SafeTensorsDType.I32 or SafeTensorsDType.U32 or SafeTensorsDType.F32 => 4,
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    /// <summary>Parses a header dtype exactly as spelled in the format (case-sensitive, no numbers).</summary>
    internal static bool TryParseDType(string? name, out SafeTensorsDType dtype)
    {
        foreach (var candidate in Enum.GetValues<SafeTensorsDType>())
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.Ordinal))
            {
                dtype = candidate;
                return true;
            }
        }

        dtype = default;
        return false;
    }

    /// <summary>The product of the dimensions (0 as soon as one is 0), or -1 when it overflows a long.</summary>
    internal static long ElementCountOf(ReadOnlySpan<long> shape)
    {
        if (shape.Contains(0))
        {
            return 0;
        }

        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0 || count > long.MaxValue / dimension)
            {
                return -1;
            }

            count *= dimension;
        }

        return count;
    }

    /// <summary>The element count times the element size, or -1 when either overflows a long.</summary>
    internal static long ByteCount(SafeTensorsDType dtype, ReadOnlySpan<long> shape)
    {
        var count = ElementCountOf(shape);
        var size = SizeOf(dtype);
        return count < 0 || count > long.MaxValue / size ? -1 : count * size;
    }

    /// <summary>"2, 3, 4", with the middle left out of very long shapes.</summary>
    internal static string FormatShape(ReadOnlySpan<long> shape) =>
        shape.Length <= 12
            ? string.Join(", ", shape.ToArray())
            : $"{string.Join(", ", shape[..6].ToArray())}, … ({shape.Length} dimensions)";

    private static void CheckCount(int count, ReadOnlySpan<long> shape)
    {
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Dimensions must be ≥ 0, got [{FormatShape(shape)}].", nameof(shape));
            }
        }

        if (ElementCountOf(shape) != count)
        {
            throw new ArgumentException($"The shape [{FormatShape(shape)}] does not hold {count} values.", nameof(shape));
        }
    }
}
