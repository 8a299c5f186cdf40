using System.Buffers.Binary;

namespace Strata;

/// <summary>
/// Everything a <see cref="Philox"/> generator needs to continue exactly where it was: its key, the counter of its
/// current block and how many of that block's four words it has used. Store it in a checkpoint with
/// <see cref="ToBytes"/> and read it back with <see cref="FromBytes"/>.
/// </summary>
/// <param name="Key0">Key word 0 (the seed's low 32 bits for <see cref="Philox(ulong, ulong, ulong)"/>).</param>
/// <param name="Key1">Key word 1 (the seed's high 32 bits).</param>
/// <param name="Counter">The counter of the current block.</param>
/// <param name="Position">How many of the current block's words are used, 0 to 4.</param>
public readonly record struct PhiloxState(uint Key0, uint Key1, PhiloxBlock Counter, int Position)
{
    /// <summary>The length of <see cref="ToBytes"/>: seven little-endian 32-bit words.</summary>
    public const int ByteCount = 28;

    /// <summary>
    /// The state as 28 bytes: Key0, Key1, the counter's words 0 to 3 and Position, each a little-endian 32-bit word.
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteCount];
        uint[] words = [Key0, Key1, Counter.X0, Counter.X1, Counter.X2, Counter.X3, (uint)Position];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), words[i]);
        }

        return bytes;
    }

    /// <summary>
    /// Reads what <see cref="ToBytes"/> wrote. Throws <see cref="ArgumentException"/> unless <paramref name="bytes"/>
    /// has exactly 28 bytes whose position word is 0 to 4.
    /// </summary>
    public static PhiloxState FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteCount)
        {
            throw new ArgumentException(
                $"A Philox state is {ByteCount} bytes (seven little-endian 32-bit words), got {bytes.Length}.", nameof(bytes));
        }

        var words = new uint[7];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4 * i));
        }

        var position = words[6];
        if (position > 4)
        {
            throw new ArgumentException(
                $"A Philox state's position (its last word) is 0 to 4, got {position}: these bytes are not a Philox state.",
                nameof(bytes));
        }

        return new PhiloxState(words[0], words[1], new PhiloxBlock(words[2], words[3], words[4], words[5]), (int)position);
    }
}
