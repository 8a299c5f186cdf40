using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Strata.Runtime.Tests.IO;

/// <summary>
/// Safetensors bytes written and read straight from the format's description, independent of Strata's reader and
/// writer: an 8-byte little-endian header length, the JSON header, then the data.
/// </summary>
internal static class SafeTensorsBytes
{
    /// <summary>A file of <paramref name="header"/> (as given: no padding added) and the data bytes, concatenated.</summary>
    public static byte[] File(string header, params byte[][] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.IsLittleEndian ? BitConverter.GetBytes((ulong)json.Length) : [.. BitConverter.GetBytes((ulong)json.Length).Reverse()]);
        bytes.AddRange(json);
        foreach (var chunk in data)
        {
            bytes.AddRange(chunk);
        }

        return [.. bytes];
    }

    /// <summary>Little-endian 16-bit words (F16 and BF16 bit patterns), two bytes each.</summary>
    public static byte[] Words(params ushort[] words) => [.. words.SelectMany(w => new[] { (byte)(w & 0xFF), (byte)(w >> 8) })];

    /// <summary>Little-endian float32s.</summary>
    public static byte[] Singles(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    /// <summary>Little-endian int64s.</summary>
    public static byte[] Int64s(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return bytes;
    }

    /// <summary>One tensor as a minimal reader sees it.</summary>
    public sealed record Tensor(string Name, string DType, long[] Shape, long Begin, long End, byte[] Data);

    /// <summary>What a minimal reader sees in a file: the header text and the tensors in the header's key order.</summary>
    public sealed record Parsed(string Header, IReadOnlyList<string> Keys, IReadOnlyList<Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>Parses a well-formed file, asserting the layout rules on the way.</summary>
    public static Parsed Parse(byte[] file)
    {
        var n = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        var header = Encoding.UTF8.GetString(file, 8, n);
        var data = file.AsSpan(8 + n);
        using var document = JsonDocument.Parse(header);
        var keys = new List<string>();
        var tensors = new List<Tensor>();
        var metadata = new Dictionary<string, string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            keys.Add(property.Name);
            if (property.Name == "__metadata__")
            {
                foreach (var item in property.Value.EnumerateObject())
                {
                    metadata.Add(item.Name, item.Value.GetString()!);
                }

                continue;
            }

            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(2, offsets.Length);
            tensors.Add(new Tensor(
                property.Name,
                property.Value.GetProperty("dtype").GetString()!,
                [.. property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())],
                offsets[0],
                offsets[1],
                data[(int)offsets[0]..(int)offsets[1]].ToArray()));
        }

        // Sorted by offset the tensors tile the data exactly.
        long end = 0;
        foreach (var tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            Assert.Equal(end, tensor.Begin);
            end = tensor.End;
        }

        Assert.Equal(data.Length, end);
        return new Parsed(header, keys, tensors, metadata);
    }
}
