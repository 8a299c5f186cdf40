using System.Buffers.Binary;
using System.IO.Compression;

namespace Strata.Data;

/// <summary>
/// Reads an IDX file (LeCun's MNIST format: big-endian magic, dimension sizes, then unsigned bytes), gzip-compressed or
/// raw. Every problem with the file is an <see cref="ArgumentException"/> that names the path and what was expected.
/// </summary>
internal static class IdxFile
{
    /// <summary>Returns the dimension sizes and the payload of an IDX file of unsigned bytes with the given rank.</summary>
    public static (int[] Dimensions, byte[] Payload) Read(string path, int rank, string whatItHolds)
    {
        var (bytes, wasGzip) = ReadDecompressed(path);
        var file = wasGzip ? $"'{path}' (after gzip decompression)" : $"'{path}'";
        var headerLength = 4 + 4 * rank;
        if (bytes.Length == 0)
        {
            throw new ArgumentException($"{file} is empty; expected an IDX file of {whatItHolds}.", nameof(path));
        }

        if (bytes.Length < headerLength)
        {
            throw new ArgumentException(
                $"{file} is truncated: expected an IDX header of {headerLength} bytes, found {bytes.Length} bytes.", nameof(path));
        }

        // The magic number is 0x0000 0x08 (unsigned byte) then the rank: 0x00000801 for labels, 0x00000803 for images.
        var expectedMagic = 0x0800 | rank;
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new ArgumentException(
                $"{file} is not an IDX file of {whatItHolds}: expected magic number 0x{expectedMagic:X8}, found 0x{magic:X8}.",
                nameof(path));
        }

        var dimensions = new int[rank];
        long payloadLength = 1;
        for (var d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dimensions[d] < 0)
            {
                throw new ArgumentException($"{file} declares a negative size {dimensions[d]} in its header.", nameof(path));
            }

            payloadLength *= dimensions[d];
        }

        if (bytes.Length - headerLength != payloadLength)
        {
            throw new ArgumentException(
                $"{file} declares [{string.Join(", ", dimensions)}] ({payloadLength} bytes of data) but holds " +
                $"{bytes.Length - headerLength} bytes of data{(bytes.Length - headerLength < payloadLength ? " (truncated)" : "")}.",
                nameof(path));
        }

        return (dimensions, bytes[headerLength..]);
    }

    private static (byte[] Bytes, bool WasGzip) ReadDecompressed(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The file '{path}' does not exist.", nameof(path));
        }

        var bytes = File.ReadAllBytes(path);
        var isGzip = bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;
        if (!isGzip)
        {
            return (bytes, false);
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var decompressed = new MemoryStream();
            gzip.CopyTo(decompressed);
            return (decompressed.ToArray(), true);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"'{path}' starts like a gzip file but cannot be decompressed: {e.Message}", nameof(path), e);
        }
    }
}
