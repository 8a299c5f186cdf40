namespace Strata.Runtime.Tests.Reference;

/// <summary>Bit-for-bit comparisons, for runs that must not differ at all (the same arithmetic in the same order).</summary>
internal static class SameBits
{
    /// <summary>Every parameter of <paramref name="actual"/> holds exactly the bits of <paramref name="expected"/>'s.</summary>
    public static void Parameters(IModel expected, IModel actual)
    {
        Assert.Equal(expected.Parameters.Count, actual.Parameters.Count);
        for (var p = 0; p < expected.Parameters.Count; p++)
        {
            Assert.Equal(
                expected.Parameters[p].Value.ToArray().Select(BitConverter.SingleToInt32Bits),
                actual.Parameters[p].Value.ToArray().Select(BitConverter.SingleToInt32Bits));
        }
    }
}
