namespace Strata;

/// <summary>
/// Four 32-bit words: a Philox4x32 counter going in, or the four random words coming out of
/// <see cref="Philox.Compute"/>. Word 0 is the least significant word of a counter.
/// </summary>
/// <param name="X0">Word 0.</param>
/// <param name="X1">Word 1.</param>
/// <param name="X2">Word 2.</param>
/// <param name="X3">Word 3.</param>
public readonly record struct PhiloxBlock(uint X0, uint X1, uint X2, uint X3)
{
    /// <summary>The word at <paramref name="index"/> (0 to 3).</summary>
    public uint this[int index] => index switch
    {
        0 => X0,
        1 => X1,
        2 => X2,
        3 => X3,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A Philox block has words 0 to 3."),
    };

    /// <summary>
    /// This counter plus <paramref name="blocks"/> as 128-bit numbers, wrapping at 2^128; pure, so GPU kernels call it
    /// to find the block of their element.
    /// </summary>
    public PhiloxBlock Add(ulong blocks)
    {
        var low = ((ulong)X1 << 32 | X0) + blocks;
        var carry = low < blocks ? 1ul : 0ul;
        var high = ((ulong)X3 << 32 | X2) + carry;
        return new PhiloxBlock((uint)low, (uint)(low >> 32), (uint)high, (uint)(high >> 32));
    }

    /// <summary>The next counter: this one plus 1 as a 128-bit number, wrapping from 2^128 − 1 to 0.</summary>
    public PhiloxBlock Increment()
    {
        var x0 = X0 + 1;
        var x1 = x0 == 0 ? X1 + 1 : X1;
        var x2 = x0 == 0 && x1 == 0 ? X2 + 1 : X2;
        var x3 = x0 == 0 && x1 == 0 && x2 == 0 ? X3 + 1 : X3;
        return new PhiloxBlock(x0, x1, x2, x3);
    }
}
