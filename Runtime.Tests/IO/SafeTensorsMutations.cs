using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Strata.Runtime.Tests.IO;

/// <summary>
/// Damaged and lying variants of a valid safetensors file, for fuzzing: truncations, flipped bits, a lying header
/// length, and headers whose offsets, shapes, dtypes, names or very structure lie.
/// </summary>
internal static class SafeTensorsMutations
{
    private static readonly JsonNode?[] OddValues =
    [
        -1, 0, 1, 7, 1L << 31, 1L << 32, 1L << 62, long.MaxValue, 1.5, -0.0, 1e300, "2", "", true, null, new JsonArray(), new JsonObject(),
        JsonNode.Parse("18446744073709551615"), JsonNode.Parse("18446744073709551616"), JsonNode.Parse("99999999999999999999999999"),
    ];

    private static readonly string[] DTypes =
        ["F32", "F16", "BF16", "F64", "I64", "I32", "U8", "BOOL", "U64", "F8_E4M3", "f32", "F33", "", "__proto__", "F32 "];

    /// <summary>One mutant of <paramref name="valid"/> and the name of the mutation.</summary>
    public static (byte[] Bytes, string What) Mutate(byte[] valid, Random random)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        switch (random.Next(8))
        {
            case 0:
                return (valid[..random.Next(valid.Length)], "truncated");
            case 1:
            {
                var bytes = (byte[])valid.Clone();
                for (var i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(8 + headerLength)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, "header bits flipped");
            }

            case 2:
            {
                var bytes = (byte[])valid.Clone();
                ulong[] lengths =
                [
                    0, 1, (ulong)headerLength - 1, (ulong)headerLength + 1, (ulong)headerLength + 8, (ulong)valid.Length,
                    100_000_000, 100_000_001, long.MaxValue, ulong.MaxValue, (ulong)random.NextInt64(),
                ];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, lengths[random.Next(lengths.Length)]);
                return (bytes, "header length lies");
            }

            case 3:
            {
                var extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                return random.Next(2) == 0
                    ? ([.. valid, .. extra], "bytes appended")
                    : ([.. valid[..(8 + headerLength)], .. extra, .. valid[(8 + headerLength)..]], "bytes inserted after the header");
            }

            case 4:
                return (WithHeader(valid, OddStructure(random), random), "header structure");
            default:
                return (LyingEntry(valid, random), "an entry lies");
        }
    }

    private static byte[] LyingEntry(byte[] valid, Random random)
    {
        var (header, data) = Split(valid);
        var root = JsonNode.Parse(header)!.AsObject();
        var names = root.Select(p => p.Key).Where(k => k != "__metadata__").ToArray();
        var entry = root[names[random.Next(names.Length)]]!.AsObject();
        var shape = entry["shape"]!.AsArray();
        var offsets = entry["data_offsets"]!.AsArray();
        switch (random.Next(10))
        {
            case 0:
                entry["dtype"] = random.Next(4) == 0 ? OddValue(random) : DTypes[random.Next(DTypes.Length)];
                break;
            case 1 when shape.Count > 0:
                shape[random.Next(shape.Count)] = OddValue(random);
                break;
            case 2:
                shape.Add(OddValue(random));
                break;
            case 3 when shape.Count > 0:
                shape.RemoveAt(random.Next(shape.Count));
                break;
            case 4:
                offsets[random.Next(2)] = OddValue(random);
                break;
            case 5:
                offsets[random.Next(2)] = offsets[random.Next(2)]!.GetValue<long>() + random.Next(-9, 10);
                break;
            case 6:
                offsets.Add(random.Next(100));
                break;
            case 7:
                entry.Remove(new[] { "dtype", "shape", "data_offsets" }[random.Next(3)]);
                break;
            case 8:
                root["__metadata__"] = random.Next(2) == 0 ? OddValue(random) : new JsonObject { ["k"] = OddValue(random) };
                break;
            default:
                // A name given twice: JsonObject refuses duplicates, so splice the text.
                var text = root.ToJsonString();
                var duplicate = $"\"{names[random.Next(names.Length)]}\":{entry.ToJsonString()},";
                return WithHeader(valid, text.Insert(1, duplicate), random);
        }

        return WithHeader(valid, root.ToJsonString(), random);
    }

    private static JsonNode? OddValue(Random random) => OddValues[random.Next(OddValues.Length)]?.DeepClone();

    private static string OddStructure(Random random) => random.Next(9) switch
    {
        0 => "[]",
        1 => "null",
        2 => "\"a string\"",
        3 => "12345",
        4 => new string('[', 100_000) + new string(']', 100_000),
        5 => "{\"a\":" + new string('{', 5_000),
        6 => "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}",
        7 => "{}\u0000",
        _ => random.Next(2) == 0 ? "{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}" : "{\"__metadata__\":{\"k\":\"\\udc00\"}}",
    };

    // The header replaced by text, its length field told the truth (padded or not) or left lying.
    private static byte[] WithHeader(byte[] valid, string header, Random random)
    {
        var (_, data) = Split(valid);
        var json = Encoding.UTF8.GetBytes(header);
        if (random.Next(2) == 0)
        {
            json = [.. json, .. Enumerable.Repeat((byte)' ', (8 - json.Length % 8) % 8)];
        }

        var length = random.Next(6) == 0 ? (ulong)random.Next(json.Length + 16) : (ulong)json.Length;
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static (string Header, byte[] Data) Split(byte[] valid)
    {
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        return (Encoding.UTF8.GetString(valid, 8, n), valid[(8 + n)..]);
    }
}
