using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Strata.IO;

/// <summary>
/// A safetensors file (Hugging Face's format, what PyTorch's <c>safetensors.torch.save_file</c> writes): named tensors
/// and optional string metadata. The layout is an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping
/// each name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (plus an optional <c>"__metadata__"</c> object
/// of strings), then the tensors' raw little-endian bytes, contiguous, covering the rest of the file exactly.
/// </summary>
/// <remarks>
/// Reading trusts nothing in the file: every problem (truncation, a header length past the end of the file or over
/// <see cref="MaxHeaderLength"/>, JSON that is not an object of tensor entries, an unknown dtype, a negative or
/// overflowing shape, offsets that overlap, leave gaps, run past the data or disagree with dtype × shape, a name given
/// twice) is an <see cref="InvalidDataException"/> naming the file and the problem. Nothing is allocated beyond the
/// file's real size. Writing lays tensors out as the reference implementation does (by descending dtype, then by name,
/// so every tensor stays aligned), pads the header with spaces to a multiple of 8 bytes, and replaces the file
/// atomically (<see cref="AtomicFile"/>).
/// </remarks>
public sealed class SafeTensorsFile
{
    /// <summary>The largest header this reader accepts, in bytes: the reference implementation's limit (100 MB).</summary>
    public const int MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private static readonly JsonWriterOptions HeaderWriterOptions = new()
    {
        // The reference writer emits UTF-8 as is; the default encoder would escape every non-ASCII character.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// Holds <paramref name="tensors"/> and <paramref name="metadata"/> (none when null). Throws
    /// <see cref="ArgumentException"/> for a name given twice, a null tensor or value, or a tensor named
    /// <c>__metadata__</c>.
    /// </summary>
    public SafeTensorsFile(
        IEnumerable<KeyValuePair<string, SafeTensor>> tensors,
        IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var tensorMap = new OrderedDictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(tensors));
            if (name == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved for the metadata; it cannot name a tensor.", nameof(tensors));
            }

            if (tensor is null)
            {
                throw new ArgumentException($"The tensor '{name}' is null.", nameof(tensors));
            }

            if (!tensorMap.TryAdd(name, tensor))
            {
                throw new ArgumentException($"The tensor name '{name}' is given twice.", nameof(tensors));
            }
        }

        var metadataMap = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? [])
        {
            ArgumentNullException.ThrowIfNull(key, nameof(metadata));
            if (value is null)
            {
                throw new ArgumentException($"The metadata value of '{key}' is null.", nameof(metadata));
            }

            if (!metadataMap.TryAdd(key, value))
            {
                throw new ArgumentException($"The metadata key '{key}' is given twice.", nameof(metadata));
            }
        }

        Tensors = new System.Collections.ObjectModel.ReadOnlyDictionary<string, SafeTensor>(tensorMap);
        Metadata = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(metadataMap);
    }

    /// <summary>The tensors by name; after <see cref="Read"/>, in the order of their data in the file.</summary>
    public IReadOnlyDictionary<string, SafeTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Reads and validates the whole file at <paramref name="path"/>. Throws <see cref="InvalidDataException"/>, with
    /// the path and what is wrong, for anything that is not a valid safetensors file; I/O errors (a missing file, no
    /// permission) are the usual <see cref="IOException"/>s and <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return ReadCore(stream, stream.Length, $"'{path}'");
    }

    /// <summary>
    /// Reads and validates a safetensors file held in memory. Throws <see cref="InvalidDataException"/>, saying what is
    /// wrong, for anything that is not a valid safetensors file.
    /// </summary>
    public static SafeTensorsFile FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return ReadCore(stream, bytes.Length, "The data");
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> atomically (temporary file, flushed to disk, renamed over the target),
    /// creating missing folders; on failure the old file, if any, is left as it was.
    /// </summary>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        WriteEntries(path, Entries(), Metadata);
    }

    /// <summary>The file's bytes, as <see cref="Write"/> would write them.</summary>
    public byte[] ToBytes()
    {
        var (header, ordered) = Prepare(Entries(), Metadata);
        using var stream = new MemoryStream();
        WriteTo(stream, header, ordered);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes tensors whose bytes are fetched one at a time, as they are written (a model's parameters, copied off
    /// the device only when their turn comes). A fetch that throws, or returns another number of bytes than its entry
    /// declares, abandons the write and leaves <paramref name="path"/> as it was.
    /// </summary>
    internal static void WriteEntries(string path, IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        var (header, ordered) = Prepare(entries, metadata);
        AtomicFile.Write(path, stream => WriteTo(stream, header, ordered));
    }

    private List<Entry> Entries() =>
        [.. Tensors.Select(t => new Entry(t.Key, t.Value.DType, [.. t.Value.Shape], t.Value.Data.Length, () => t.Value.Data))];

    // The reference order: descending dtype (largest alignment first), then the names' UTF-8 bytes. Keys follow the
    // data order, after __metadata__, and the header is padded with spaces to a multiple of 8 bytes.
    private static (byte[] Header, Entry[] Ordered) Prepare(IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, string> metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Name == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved for the metadata; it cannot name a tensor.", nameof(entries));
            }

            if (!names.Add(entry.Name))
            {
                throw new ArgumentException($"The tensor name '{entry.Name}' is given twice.", nameof(entries));
            }
        }

        var ordered = entries
            .Select(e => (Entry: e, Utf8: Encoding.UTF8.GetBytes(e.Name)))
            .OrderByDescending(e => e.Entry.DType)
            .ThenBy(e => e.Utf8, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .Select(e => e.Entry)
            .ToArray();

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, HeaderWriterOptions))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var entry in ordered)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType.ToString());
                json.WriteStartArray("shape");
                foreach (var dimension in entry.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset = checked(offset + entry.ByteCount);
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var padded = (buffer.WrittenCount + 7) / 8 * 8;
        if (padded > MaxHeaderLength)
        {
            throw new ArgumentException(
                $"The header would take {padded:N0} bytes, more than the {MaxHeaderLength:N0} readers accept.", nameof(entries));
        }

        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return (header, ordered);
    }

    private static void WriteTo(Stream stream, byte[] header, Entry[] ordered)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var entry in ordered)
        {
            var data = entry.Data();
            if (data.Length != entry.ByteCount)
            {
                throw new InvalidOperationException(
                    $"The tensor '{entry.Name}' gave {data.Length:N0} bytes; its {entry.DType} shape [{SafeTensor.FormatShape(entry.Shape)}] takes {entry.ByteCount:N0}.");
            }

            stream.Write(data.Span);
        }
    }

    private static SafeTensorsFile ReadCore(Stream stream, long length, string source)
    {
        InvalidDataException Bad(string problem) => new($"{source} is not a valid safetensors file: {problem}");

        if (length < 8)
        {
            throw Bad($"it is {length} bytes long, shorter than the 8-byte header length that starts the format.");
        }

        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) != 8)
        {
            throw Bad("it ended while its header length was read (did it change while being read?).");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw Bad($"the header length field says {headerLength:N0} bytes, more than the {MaxHeaderLength:N0} a header may take (the file is damaged or not a safetensors file).");
        }

        if ((long)headerLength > length - 8)
        {
            throw Bad($"the header length field says {headerLength:N0} bytes, but only {length - 8:N0} follow it (the file is truncated or the field is damaged).");
        }

        var header = new byte[headerLength];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) != header.Length)
        {
            throw Bad("it ended while its header was read (did it change while being read?).");
        }

        var dataLength = length - 8 - (long)headerLength;
        var (tensors, metadata) = ParseHeader(header, Bad);
        CheckLayout(tensors, dataLength, Bad);

        var result = new List<KeyValuePair<string, SafeTensor>>(tensors.Count);
        foreach (var tensor in tensors)
        {
            var data = new byte[tensor.End - tensor.Begin];
            if (stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) != data.Length)
            {
                throw Bad($"it ended while the data of '{Shown(tensor.Name)}' was read (did it change while being read?).");
            }

            result.Add(new(tensor.Name, SafeTensor.Wrap(tensor.DType, tensor.Shape, data)));
        }

        return new SafeTensorsFile(result, metadata);
    }

    private static (List<HeaderEntry> Tensors, List<KeyValuePair<string, string>> Metadata) ParseHeader(
        byte[] header, Func<string, InvalidDataException> bad)
    {
        // JsonDocument checks the structure but decodes strings lazily, so bad UTF-8 would surface later as another
        // exception type; check it here.
        if (!Utf8.IsValid(header))
        {
            throw bad("its header is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException exception)
        {
            throw bad($"its header is not valid JSON ({exception.Message})");
        }

        using (document)
        {
            try
            {
                return ParseRoot(document.RootElement, bad);
            }
            catch (InvalidOperationException exception)
            {
                // A string whose escapes decode to a lone surrogate (\ud800) cannot become a .NET string.
                throw bad($"its header holds a string that is not valid Unicode ({exception.Message})");
            }
        }
    }

    private static (List<HeaderEntry> Tensors, List<KeyValuePair<string, string>> Metadata) ParseRoot(
        JsonElement root, Func<string, InvalidDataException> bad)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw bad($"its header is a JSON {Kind(root)}, not an object mapping tensor names to entries.");
        }

        var tensors = new List<HeaderEntry>();
        var metadata = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (!names.Add(name))
            {
                throw bad($"the header names '{Shown(name)}' twice.");
            }

            if (name == MetadataKey)
            {
                ParseMetadata(property.Value, metadata, bad);
            }
            else
            {
                tensors.Add(ParseEntry(name, property.Value, bad));
            }
        }

        return (tensors, metadata);
    }

    private static void ParseMetadata(JsonElement value, List<KeyValuePair<string, string>> metadata, Func<string, InvalidDataException> bad)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw bad($"its \"{MetadataKey}\" is a JSON {Kind(value)}, not an object of strings.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
        {
            if (!keys.Add(item.Name))
            {
                throw bad($"its \"{MetadataKey}\" names '{Shown(item.Name)}' twice.");
            }

            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw bad($"its \"{MetadataKey}\" value of '{Shown(item.Name)}' is a JSON {Kind(item.Value)}, not a string.");
            }

            metadata.Add(new(item.Name, item.Value.GetString()!));
        }
    }

    private static HeaderEntry ParseEntry(string name, JsonElement value, Func<string, InvalidDataException> bad)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw bad($"the entry of '{Shown(name)}' is a JSON {Kind(value)}, not an object with \"dtype\", \"shape\" and \"data_offsets\".");
        }

        SafeTensorsDType? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            // Other fields are ignored, as the reference implementation does.
            switch (field.Name)
            {
                case "dtype" when dtype is not null:
                case "shape" when shape is not null:
                case "data_offsets" when offsets is not null:
                    throw bad($"the entry of '{Shown(name)}' gives \"{field.Name}\" twice.");
                case "dtype":
                    if (field.Value.ValueKind != JsonValueKind.String
                        || !SafeTensor.TryParseDType(field.Value.GetString(), out var parsed))
                    {
                        throw bad($"'{Shown(name)}' has dtype {Shown(field.Value.GetRawText())}, which is not one of " +
                                  $"{string.Join(", ", Enum.GetNames<SafeTensorsDType>())}.");
                    }

                    dtype = parsed;
                    break;
                case "shape":
                    shape = ReadIntegers(name, "shape", field.Value, bad);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(name, "data_offsets", field.Value, bad);
                    if (offsets.Length != 2)
                    {
                        throw bad($"'{Shown(name)}' has {offsets.Length} data_offsets; it needs two, [begin, end].");
                    }

                    break;
            }
        }

        return dtype is null || shape is null || offsets is null
            ? throw bad($"the entry of '{Shown(name)}' lacks \"{(dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets")}\".")
            : new HeaderEntry(name, dtype.Value, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(string name, string field, JsonElement value, Func<string, InvalidDataException> bad)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw bad($"'{Shown(name)}' has {field} {Shown(value.GetRawText())}, not an array of integers.");
        }

        var result = new long[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
            {
                throw bad($"'{Shown(name)}' has {field} entry {Shown(item.GetRawText())}, which is not an integer from 0 to 2^63 - 1.");
            }

            result[i++] = number;
        }

        return result;
    }

    // Offsets are relative to the first byte after the header; sorted by them, the tensors must tile the data exactly,
    // and each must take exactly dtype size × element count bytes.
    private static void CheckLayout(List<HeaderEntry> tensors, long dataLength, Func<string, InvalidDataException> bad)
    {
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        var previous = (string?)null;
        foreach (var tensor in tensors)
        {
            var name = Shown(tensor.Name);
            var offsets = $"data_offsets [{tensor.Begin}, {tensor.End}]";
            if (tensor.End < tensor.Begin)
            {
                throw bad($"'{name}' has {offsets}: the end comes before the beginning.");
            }

            if (tensor.End > dataLength)
            {
                throw bad($"'{name}' has {offsets}, but only {dataLength:N0} bytes of data follow the header (the file is truncated or the offsets lie).");
            }

            if (tensor.Begin < expected)
            {
                throw bad($"'{name}' has {offsets}, overlapping '{Shown(previous!)}', which ends at {expected}.");
            }

            if (tensor.Begin > expected)
            {
                throw bad($"'{name}' has {offsets}, leaving bytes {expected} to {tensor.Begin} unused; tensors must be contiguous from 0.");
            }

            var byteCount = SafeTensor.ByteCount(tensor.DType, tensor.Shape);
            var shape = $"{tensor.DType} [{SafeTensor.FormatShape(tensor.Shape)}]";
            if (byteCount < 0)
            {
                throw bad($"'{name}' is {shape}, whose size overflows a 64-bit integer.");
            }

            if (byteCount != tensor.End - tensor.Begin)
            {
                throw bad($"'{name}' is {shape}, which takes {byteCount:N0} bytes, but its {offsets} span {tensor.End - tensor.Begin:N0}.");
            }

            if (byteCount > Array.MaxLength)
            {
                throw bad($"'{name}' takes {byteCount:N0} bytes; tensors over {Array.MaxLength:N0} bytes are not supported.");
            }

            expected = tensor.End;
            previous = tensor.Name;
        }

        if (expected != dataLength)
        {
            throw bad($"its tensors cover {expected:N0} bytes of data, but {dataLength:N0} follow the header (trailing bytes, or offsets that lie).");
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    // Names and raw values come from the file: shorten them and make control characters visible in messages.
    private static string Shown(string text)
    {
        var shortened = text.Length <= 80 ? text : $"{text[..77]}…";
        var builder = new StringBuilder(shortened.Length);
        foreach (var c in shortened)
        {
            _ = char.IsControl(c) ? builder.Append($"\\u{(int)c:X4}") : builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A tensor to write: its bytes are fetched by <see cref="Data"/> when its turn comes.</summary>
    internal sealed record Entry(string Name, SafeTensorsDType DType, long[] Shape, long ByteCount, Func<ReadOnlyMemory<byte>> Data);

    private sealed record HeaderEntry(string Name, SafeTensorsDType DType, long[] Shape, long Begin, long End);
}
