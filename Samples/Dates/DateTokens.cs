namespace Strata.Samples;

/// <summary>
/// The Dates sample's vocabularies. Source: one token per printable ASCII character (1..95), 0 for padding. Target:
/// 0 padding, 1 &lt;bos&gt;, 2 &lt;eos&gt;, then the digits 0–9 (3..12) and '-' (13), all an ISO date needs.
/// </summary>
public static class DateTokens
{
    public const int SourceVocabulary = 96, TargetVocabulary = 14, Bos = 1, Eos = 2;

    /// <summary>The longest ISO output, plus &lt;eos&gt;, and a little slack for a decoder that runs on.</summary>
    public const int MaxOutput = 12;

    public static int[] Source(string text) =>
        text.Select(c => c is >= ' ' and <= '~' ? c - ' ' + 1 : throw new ArgumentException($"'{c}' is not printable ASCII.", nameof(text))).ToArray();

    public static int[] Target(string iso) =>
        iso.Select(c => c == '-' ? 13 : c is >= '0' and <= '9' ? c - '0' + 3 : throw new ArgumentException($"'{c}' is not in an ISO date.", nameof(iso))).ToArray();

    public static string Text(IEnumerable<int> tokens) =>
        new(tokens.Select(t => t == 13 ? '-' : t is >= 3 and <= 12 ? (char)('0' + t - 3) : '?').ToArray());
}
