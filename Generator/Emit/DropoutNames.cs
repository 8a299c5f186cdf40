namespace Strata.Generator.Emit
{
    /// <summary>
    /// The names generated code gives dropout's state: one Philox generator per model, and per layer a mask in the memory
    /// plan (with a host copy on a GPU, where the mask is drawn on the host and copied).
    /// </summary>
    internal static class DropoutNames
    {
        /// <summary>The model's field that draws every dropout mask.</summary>
        public const string Random = "_dropoutRandom";

        /// <summary>
        /// The arguments of the <c>Philox</c> that <see cref="Random"/> is: keyed by the model's seed, as the
        /// <c>Trainer</c>'s shuffle generator is, on its own subsequence ("DROP" in ASCII), so a different stream from
        /// every other generator with that seed, the same for every run with it. Its state goes into checkpoints.
        /// </summary>
        public const string GeneratorArguments = "unchecked((ulong)seed), subsequence: 0x44524F50";

        /// <summary>The memory plan's mask of a layer: the factor of each element, 0 or 1/(1 − p), or 1 in evaluation.</summary>
        public static string Mask(string layer) => layer + "Mask";

        /// <summary>
        /// The mask after layer <paramref name="index"/> of a stacked recurrent layer. The index comes last, so no
        /// layer's name can make it equal another's (<c>EncMask0</c>; a Dropout named <c>EncL0</c> has <c>EncL0Mask</c>).
        /// </summary>
        public static string Mask(string layer, int index) => layer + "Mask" + Literals.Int(index);
    }
}
