using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Strata.IO;
using Xunit.Abstractions;
using static Strata.Runtime.Tests.IO.SafeTensorsBytes;

namespace Strata.Runtime.Tests.IO;

public sealed class SafeTensorsFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // ---- Reading files built byte by byte from the format's description ----

    [Fact]
    public void A_hand_built_file_loads_with_its_metadata_whatever_the_key_order_and_padding()
    {
        // Keys out of data order, the metadata last, spaces after the JSON: all allowed.
        var header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}," +
                     "\"a\":{\"shape\":[2,2],\"dtype\":\"F32\",\"data_offsets\":[0,16]}," +
                     "\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"}}   ";
        byte[] a = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40]; // 1, 2, 3, 4
        byte[] b = [0, 0, 0x80, 0xBF, 0, 0, 0, 0, 0xDB, 0x0F, 0x49, 0x40];                   // -1, 0, pi
        var path = Save(File(header, a, b));

        var file = SafeTensorsFile.Read(path);

        Assert.Equal(["a", "b"], file.Tensors.Keys);
        Assert.Equal(SafeTensorsDType.F32, file.Tensors["a"].DType);
        Assert.Equal([2L, 2L], file.Tensors["a"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f], file.Tensors["a"].ToSingles());
        Assert.Equal([-1f, 0f, MathF.PI], file.Tensors["b"].ToSingles());
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é" }, file.Metadata);
    }

    [Fact]
    public void F16_values_convert_exactly_including_extremes_subnormals_infinities_and_nan()
    {
        var path = Save(File(
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[10],\"data_offsets\":[0,20]}}",
            Words(0x3E00, 0xC000, 0x7BFF, 0x0400, 0x0001, 0x03FF, 0x7C00, 0xFC00, 0x8000, 0x7E00)));

        var values = SafeTensorsFile.Read(path).Tensors["h"].ToSingles();

        Assert.Equal(1.5f, values[0]);
        Assert.Equal(-2f, values[1]);
        Assert.Equal(65504f, values[2]);                          // the largest half
        Assert.Equal(MathF.ScaleB(1, -14), values[3]);            // the smallest normal
        Assert.Equal(MathF.ScaleB(1, -24), values[4]);            // the smallest subnormal
        Assert.Equal(1023 * MathF.ScaleB(1, -24), values[5]);     // the largest subnormal
        Assert.Equal(float.PositiveInfinity, values[6]);
        Assert.Equal(float.NegativeInfinity, values[7]);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(values[8]));
        Assert.True(float.IsNaN(values[9]));
    }

    [Fact]
    public void BF16_values_convert_exactly_including_extremes_subnormals_infinities_and_nan()
    {
        var path = Save(File(
            "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,5],\"data_offsets\":[0,20]}}",
            Words(0x3FC0, 0xC000, 0x477F, 0x7F7F, 0x0001, 0x0080, 0x7F80, 0xFF80, 0x8000, 0x7FC0)));

        var tensor = SafeTensorsFile.Read(path).Tensors["b"];
        var values = tensor.ToSingles();

        Assert.Equal(SafeTensorsDType.BF16, tensor.DType);
        Assert.Equal(1.5f, values[0]);
        Assert.Equal(-2f, values[1]);
        Assert.Equal(65280f, values[2]);                                         // 65504 is not a bfloat16
        Assert.Equal(MathF.ScaleB(2f - MathF.ScaleB(1, -7), 127), values[3]);   // the largest bfloat16
        Assert.Equal(MathF.ScaleB(1, -133), values[4]);                          // the smallest subnormal
        Assert.Equal(MathF.ScaleB(1, -126), values[5]);                          // the smallest normal
        Assert.Equal(float.PositiveInfinity, values[6]);
        Assert.Equal(float.NegativeInfinity, values[7]);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(values[8]));
        Assert.True(float.IsNaN(values[9]));
    }

    [Fact]
    public void I64_scalars_and_vectors_load_as_typed_entries()
    {
        var path = Save(File(
            "{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}," +
            "\"ids\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[8,32]}}",
            [0x39, 0x30, 0, 0, 0, 0, 0, 0],                            // 12345
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],          // -1
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],          // long.MaxValue
            [0, 0, 0, 0, 0, 0, 0, 0x80]));                             // long.MinValue

        var file = SafeTensorsFile.Read(path);

        var tracked = file.Tensors["bn.num_batches_tracked"];
        Assert.Equal(SafeTensorsDType.I64, tracked.DType);
        Assert.Empty(tracked.Shape);
        Assert.Equal(1, tracked.ElementCount);
        Assert.Equal([12345L], tracked.ToInt64s());
        Assert.Equal([-1L, long.MaxValue, long.MinValue], file.Tensors["ids"].ToInt64s());
        Assert.Throws<InvalidOperationException>(() => tracked.ToSingles());
    }

    [Fact]
    public void Empty_tensors_and_an_empty_file_load()
    {
        var file = SafeTensorsFile.Read(Save(File(
            "{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[4,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            Singles(7))));
        Assert.Equal(0, file.Tensors["e"].ElementCount);
        Assert.Empty(file.Tensors["e"].ToSingles());
        Assert.Equal([7f], file.Tensors["x"].ToSingles());

        var empty = SafeTensorsFile.Read(Save(File("{}      ")));
        Assert.Empty(empty.Tensors);
        Assert.Empty(empty.Metadata);
    }

    [Fact]
    public void F64_rounds_to_float32_and_integer_types_widen_to_int64()
    {
        var doubles = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(doubles, 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(8), -1e300);
        var file = SafeTensorsFile.Read(Save(File(
            "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},\"i\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[16,18]}," +
            "\"u\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[18,20]}}",
            doubles, [0xFF, 0x7F], [0xFF, 0xFF])));

        Assert.Equal([0.1f, float.NegativeInfinity], file.Tensors["d"].ToSingles());
        Assert.Equal([-1L, 127L], file.Tensors["i"].ToInt64s());
        Assert.Equal([65535L], file.Tensors["u"].ToInt64s());
        Assert.Throws<InvalidOperationException>(() => file.Tensors["d"].ToInt64s());
    }

    // ---- Writing ----

    [Fact]
    public void The_writer_matches_the_reference_implementations_bytes()
    {
        // The reference implementation's own test vectors: compact JSON, dtype/shape/data_offsets in that order, the
        // header padded with spaces to a multiple of 8 bytes, metadata first.
        var values = Singles(0, 1, 2, 3, 4, 5);
        Assert.Equal(
            File("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", values),
            Tensors(("attn.0", SafeTensor.FromSingles([0, 1, 2, 3, 4, 5], 1, 2, 3))).ToBytes());
        Assert.Equal(
            File("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", values),
            Tensors(("attn0", SafeTensor.FromSingles([0, 1, 2, 3, 4, 5], 1, 1, 2, 3))).ToBytes());
        Assert.Equal(File("{}      "), Tensors().ToBytes());
        Assert.Equal(
            File("{\"__metadata__\":{\"framework\":\"pt\"}}     "),
            new SafeTensorsFile([], new Dictionary<string, string> { ["framework"] = "pt" }).ToBytes());
    }

    [Fact]
    public void The_writer_orders_by_descending_dtype_then_name_and_a_minimal_parser_reads_it_back()
    {
        var file = new SafeTensorsFile(
            [
                KeyValuePair.Create("b", SafeTensor.FromSingles([1.5f], 1)),
                KeyValuePair.Create("u8", new SafeTensor(SafeTensorsDType.U8, [3], [1, 2, 3])),
                KeyValuePair.Create("a", SafeTensor.FromSingles([-2f, float.Epsilon], 2)),
                KeyValuePair.Create("h", new SafeTensor(SafeTensorsDType.F16, [3], Words(0x3E00, 0xC000, 0x7BFF))),
                KeyValuePair.Create("n", SafeTensor.FromInt64s([42])),
                KeyValuePair.Create("z", new SafeTensor(SafeTensorsDType.BF16, [1], Words(0x3FC0))),
                KeyValuePair.Create("é.weight", SafeTensor.FromSingles([3f], 1, 1)),
            ],
            new Dictionary<string, string> { ["format"] = "pt", ["über"] = "\"quoted\"\n" });
        var path = Path.Combine(_directory, "sub", "w.safetensors");

        file.Write(path);
        var bytes = System.IO.File.ReadAllBytes(path);
        var parsed = Parse(bytes);

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        var json = parsed.Header.TrimEnd(' ');
        Assert.EndsWith("}", json);
        Assert.InRange((int)headerLength - Encoding.UTF8.GetByteCount(json), 0, 7);   // padded with spaces, no more than needed
        Assert.Equal(["__metadata__", "n", "a", "b", "é.weight", "z", "h", "u8"], parsed.Keys);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["über"] = "\"quoted\"\n" }, parsed.Metadata);
        Assert.Equal(
            [("n", "I64", 0L, 8L), ("a", "F32", 8, 16), ("b", "F32", 16, 20), ("é.weight", "F32", 20, 24), ("z", "BF16", 24, 26), ("h", "F16", 26, 32), ("u8", "U8", 32, 35)],
            parsed.Tensors.Select(t => (t.Name, t.DType, t.Begin, t.End)));
        Assert.Equal([1L, 1L], parsed.Tensors.Single(t => t.Name == "é.weight").Shape);
        Assert.Empty(parsed.Tensors.Single(t => t.Name == "n").Shape);
        Assert.Equal(Int64s(42), parsed.Tensors.Single(t => t.Name == "n").Data);
        Assert.Equal(Singles(-2f, float.Epsilon), parsed.Tensors.Single(t => t.Name == "a").Data);
        Assert.Equal(Words(0x3E00, 0xC000, 0x7BFF), parsed.Tensors.Single(t => t.Name == "h").Data);
        Assert.Equal(bytes, file.ToBytes());
    }

    [Fact]
    public void Every_dtype_round_trips_through_the_writer_and_the_reader_byte_for_byte()
    {
        var random = new Random(5);
        var tensors = Enum.GetValues<SafeTensorsDType>().Select(dtype =>
        {
            var data = new byte[6 * (dtype switch
            {
                SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
                SafeTensorsDType.F32 or SafeTensorsDType.I32 or SafeTensorsDType.U32 => 4,
                SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 or SafeTensorsDType.U16 => 2,
                _ => 1,
            })];
            random.NextBytes(data);
            return KeyValuePair.Create($"t.{dtype}", new SafeTensor(dtype, [2, 3], data));
        }).ToList();
        var path = Path.Combine(_directory, "all.safetensors");

        new SafeTensorsFile(tensors).Write(path);
        var read = SafeTensorsFile.Read(path);

        Assert.Equal(tensors.Count, read.Tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            Assert.Equal(tensor.DType, read.Tensors[name].DType);
            Assert.Equal(tensor.Shape, read.Tensors[name].Shape);
            Assert.Equal(tensor.Data.ToArray(), read.Tensors[name].Data.ToArray());
        }

        Assert.Equal([long.MinValue, -1, 0, long.MaxValue], SafeTensorsFile.FromBytes(
            Tensors(("i", SafeTensor.FromInt64s([long.MinValue, -1, 0, long.MaxValue], 2, 2))).ToBytes()).Tensors["i"].ToInt64s());
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_file_and_no_temporary_file()
    {
        var path = Path.Combine(_directory, "model.safetensors");
        Tensors(("old", SafeTensor.FromSingles([1f], 1))).Write(path);
        var old = System.IO.File.ReadAllBytes(path);
        var fetched = new List<string>();
        SafeTensorsFile.Entry Entry(string name, Func<ReadOnlyMemory<byte>> data) =>
            new(name, SafeTensorsDType.F32, [1_000], 4_000, () =>
            {
                fetched.Add(name);
                return data();
            });

        var thrown = Assert.Throws<InvalidOperationException>(() => SafeTensorsFile.WriteEntries(
            path,
            [
                Entry("a", () => new byte[4_000]),
                Entry("b", () => throw new InvalidOperationException("the device went away")),
                Entry("c", () => new byte[4_000]),
            ],
            new Dictionary<string, string>()));

        Assert.Equal("the device went away", thrown.Message);
        Assert.Equal(["a", "b"], fetched);   // the header and a's data were already in the temporary file
        Assert.Equal(old, System.IO.File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));

        var wrongSize = Assert.Throws<InvalidOperationException>(() => SafeTensorsFile.WriteEntries(
            path, [Entry("a", () => new byte[3_996])], new Dictionary<string, string>()));
        Assert.Contains("'a' gave 3,996 bytes", wrongSize.Message);
        Assert.Equal(old, System.IO.File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void The_constructors_reject_what_cannot_be_written()
    {
        Assert.Throws<ArgumentException>(() => new SafeTensor(SafeTensorsDType.F32, [2], new byte[4]));
        Assert.Throws<ArgumentException>(() => new SafeTensor(SafeTensorsDType.F32, [-1], []));
        Assert.Throws<ArgumentException>(() => SafeTensor.FromSingles([1f, 2f], 3));
        Assert.Throws<ArgumentException>(() => Tensors(("__metadata__", SafeTensor.FromSingles([1f], 1))));
        Assert.Throws<ArgumentException>(() => Tensors(("w", SafeTensor.FromSingles([1f], 1)), ("w", SafeTensor.FromSingles([1f], 1))));
    }

    // ---- Damaged and hostile files ----

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "'w' has dtype \"F33\", which is not one of BOOL")]
    [InlineData("{\"w\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "'w' has dtype \"f32\"")]
    [InlineData("{\"w\":{\"dtype\":11,\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "'w' has dtype 11")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "'w' has shape entry -1, which is not an integer from 0")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4, "shape entry 1.5")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", 4, "shape entry 1.0")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1e0],\"data_offsets\":[0,4]}}", 4, "shape entry 1e0")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", 4, "shape entry \"1\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", 4, "'w' has shape 1, not an array")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[9223372036854775808],\"data_offsets\":[0,4]}}", 4, "shape entry 9223372036854775808")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,4]}}", 4, "[4294967296, 4294967296, 4], whose size overflows")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,4]}}", 4, "whose size overflows")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "'w' is F32 [2], which takes 8 bytes, but its data_offsets [0, 4] span 4")]
    [InlineData("{\"w\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,4]}}", 4, "'w' is I64 [], which takes 8 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "'b' has data_offsets [4, 12], overlapping 'a', which ends at 8")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12, "leaving bytes 4 to 8 unused")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8, "the end comes before the beginning")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "only 4 bytes of data follow the header")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "its tensors cover 4 bytes of data, but 8 follow the header")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8, "'w' has 3 data_offsets")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551615]}}", 4, "data_offsets entry 18446744073709551615")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "the header names 'w' twice")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "the entry of 'w' gives \"dtype\" twice")]
    [InlineData("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "the entry of 'w' lacks \"dtype\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "lacks \"shape\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "lacks \"data_offsets\"")]
    [InlineData("{\"w\":[1,2]}", 0, "the entry of 'w' is a JSON array, not an object")]
    [InlineData("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", 0, "its \"__metadata__\" names 'k' twice")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "its \"__metadata__\" value of 'k' is a JSON number, not a string")]
    [InlineData("{\"__metadata__\":[]}", 0, "its \"__metadata__\" is a JSON array, not an object of strings")]
    [InlineData("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "the header names '__metadata__' twice")]
    [InlineData("[]", 0, "its header is a JSON array, not an object")]
    [InlineData("null", 0, "its header is a JSON null, not an object")]
    [InlineData("\"{}\"", 0, "its header is a JSON string, not an object")]
    [InlineData("12", 0, "its header is a JSON number, not an object")]
    [InlineData("{\"w\":", 0, "its header is not valid JSON")]
    [InlineData("{} x", 0, "its header is not valid JSON")]
    [InlineData("", 0, "its header is not valid JSON")]
    [InlineData("{\"\\u0007bell\":[]}", 0, "the entry of '\\u0007bell' is a JSON array")]
    public void A_lying_header_is_an_InvalidDataException_naming_the_file_and_the_problem(string header, int dataLength, string problem)
    {
        var path = Save(File(header, new byte[dataLength]));

        var thrown = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));

        Assert.StartsWith($"'{path}' is not a valid safetensors file: ", thrown.Message);
        Assert.Contains(problem, thrown.Message);
        Assert.Contains(problem, Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(File(header, new byte[dataLength]))).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_file_shorter_than_the_length_field_is_an_InvalidDataException(int length)
    {
        var path = Save(new byte[length]);
        var thrown = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains($"it is {length} bytes long, shorter than the 8-byte header length", thrown.Message);
    }

    [Theory]
    [InlineData(100_000_001UL, "more than the 100,000,000 a header may take")]
    [InlineData(ulong.MaxValue, "more than the 100,000,000 a header may take")]
    [InlineData(9_223_372_036_854_775_808UL, "more than the 100,000,000 a header may take")]
    [InlineData(100_000_000UL, "but only 10 follow it")]
    [InlineData(11UL, "but only 10 follow it")]
    public void A_header_length_past_the_end_or_over_the_cap_is_an_InvalidDataException(ulong claimed, string problem)
    {
        var bytes = new byte[18];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimed);
        "{}        "u8.CopyTo(bytes.AsSpan(8));
        var path = Save(bytes);

        var thrown = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));

        Assert.Contains(problem, thrown.Message);
    }

    [Fact]
    public void A_header_that_is_not_utf8_is_an_InvalidDataException()
    {
        var bytes = File("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        bytes[10] = 0xFF;   // inside the name

        var thrown = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(bytes));

        Assert.Contains("its header is not valid UTF-8", thrown.Message);
    }

    [Theory]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}")]
    [InlineData("{\"__metadata__\":{\"k\":\"\\udc00\"}}")]
    [InlineData("{\"w\":{\"dtype\":\"\\ud800\",\"shape\":[0],\"data_offsets\":[0,0]}}")]
    public void A_lone_surrogate_escape_is_an_InvalidDataException(string header)
    {
        var thrown = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(File(header)));
        Assert.Contains("its header holds a string that is not valid Unicode", thrown.Message);
    }

    [Fact]
    public void A_header_that_claims_gigabytes_allocates_nothing_of_the_sort()
    {
        // 4 GiB claimed by shape and offsets, 4 bytes present; and a 99 MB header length over 24 real bytes.
        var hostile = File("{\"w\":{\"dtype\":\"F32\",\"shape\":[1073741824],\"data_offsets\":[0,4294967296]}}", new byte[4]);
        var longHeader = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(longHeader, 99_000_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(hostile));
        Assert.Throws<InvalidDataException>(() => SafeTensorsFile.FromBytes(longHeader));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public async Task A_thousand_mutated_files_each_load_or_throw_InvalidDataException_without_hanging()
    {
        var valid = new SafeTensorsFile(
            [
                KeyValuePair.Create("conv.weight", SafeTensor.FromSingles(RandomValues(2 * 3 * 3), 2, 1, 3, 3)),
                KeyValuePair.Create("conv.bias", SafeTensor.FromSingles([0.5f, -0.5f], 2)),
                KeyValuePair.Create("bn.num_batches_tracked", SafeTensor.FromInt64s([7])),
                KeyValuePair.Create("half", new SafeTensor(SafeTensorsDType.F16, [2], Words(0x3C00, 0x7C00))),
                KeyValuePair.Create("empty", SafeTensor.FromSingles([], 0, 4)),
            ],
            new Dictionary<string, string> { ["format"] = "pt" }).ToBytes();
        var path = Path.Combine(_directory, "mutant.safetensors");
        var outcomes = new Dictionary<string, (int Loaded, int Rejected)>();

        var stopwatch = Stopwatch.StartNew();
        var fuzz = Task.Run(() =>
        {
            var random = new Random(20_240_601);
            for (var i = 0; i < 1_000; i++)
            {
                var (bytes, what) = SafeTensorsMutations.Mutate(valid, random);
                System.IO.File.WriteAllBytes(path, bytes);
                var (loaded, rejected) = outcomes.GetValueOrDefault(what);
                try
                {
                    var file = SafeTensorsFile.Read(path);
                    foreach (var tensor in file.Tensors.Values)
                    {
                        Assert.Equal(tensor.ElementCount * DTypeSize(tensor.DType), tensor.Data.Length);
                    }

                    loaded++;
                }
                catch (InvalidDataException exception)
                {
                    Assert.StartsWith($"'{path}' is not a valid safetensors file: ", exception.Message);
                    rejected++;
                }
                catch (Exception exception)
                {
                    throw new Xunit.Sdk.XunitException($"Mutant {i} ({what}) threw {exception.GetType().Name}: {exception}");
                }

                outcomes[what] = (loaded, rejected);
            }
        });

        // A mutant that hangs the reader fails the test with a TimeoutException instead of hanging the run.
        await fuzz.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"The fuzz took {stopwatch.Elapsed}.");
        output.WriteLine($"{stopwatch.Elapsed.TotalSeconds:F2} s; " + string.Join("; ", outcomes.Select(o => $"{o.Key}: {o.Value.Loaded} loaded, {o.Value.Rejected} rejected")));
        Assert.Equal(1_000, outcomes.Values.Sum(o => o.Loaded + o.Rejected));
        Assert.All(outcomes, o => Assert.True(o.Value.Rejected > 0, $"No '{o.Key}' mutant was rejected: {o.Value}"));
    }

    private string Save(byte[] bytes)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static SafeTensorsFile Tensors(params (string Name, SafeTensor Tensor)[] tensors) =>
        new(tensors.Select(t => KeyValuePair.Create(t.Name, t.Tensor)));

    private static float[] RandomValues(int count) => Reference.RandomData.Uniform(new Random(count), count);

    private static int DTypeSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 or SafeTensorsDType.U32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 or SafeTensorsDType.U16 => 2,
        _ => 1,
    };
}
