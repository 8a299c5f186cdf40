using System.Buffers.Binary;
using System.Text;

namespace Strata.Onnx;

/// <summary>
/// A minimal protobuf encoder: varints, 64-bit ints, floats, strings and nested messages. Enough for ONNX's
/// ModelProto; nested messages are encoded into their own writer and then copied as length-delimited fields.
/// </summary>
internal sealed class ProtoWriter
{
    private const int VarintType = 0;
    private const int LengthDelimitedType = 2;
    private const int Fixed32Type = 5;

    private readonly MemoryStream _stream = new();

    public void WriteInt64(int field, long value)
    {
        WriteTag(field, VarintType);
        WriteVarint((ulong)value);
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, Fixed32Type);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _stream.Write(bytes);
    }

    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, LengthDelimitedType);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
    }

    public void WriteMessage(int field, ProtoWriter message) => WriteBytes(field, message.ToArray());

    public void WritePackedInt64(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var value in values)
        {
            packed.WriteVarint((ulong)value);
        }

        WriteBytes(field, packed.ToArray());
    }

    public byte[] ToArray() => _stream.ToArray();

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
