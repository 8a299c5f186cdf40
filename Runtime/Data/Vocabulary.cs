using System.Text;

namespace Strata.Data;

/// <summary>
/// A character-level vocabulary, as d2l's <c>Vocab</c> over character tokens: index 0 is <c>&lt;unk&gt;</c>; with
/// <c>reservePad</c>, index 1 is <c>&lt;pad&gt;</c> (for padded batches; masking by lengths means its value never
/// reaches the loss, but a distinct id keeps padding apart from unknown characters); then every character that occurs
/// at least <c>minFrequency</c> times, most frequent first, ties in order of first occurrence (d2l sorts a Counter
/// stably, so it breaks ties the same way). A character is one Unicode scalar value (a <see cref="Rune"/>), so text
/// outside the Basic Multilingual Plane is not split into surrogate halves.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The index of <see cref="UnknownToken"/>, which every character outside the vocabulary encodes to.</summary>
    public const int UnknownIndex = 0;

    /// <summary>The token at <see cref="UnknownIndex"/>.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>The token at index 1 of a vocabulary built with <c>reservePad</c>.</summary>
    public const string PadToken = "<pad>";

    private readonly string[] _tokens;
    private readonly Dictionary<int, int> _indexOfRune;

    private Vocabulary(string[] tokens, Dictionary<int, int> indexOfRune, int padIndex)
    {
        _tokens = tokens;
        _indexOfRune = indexOfRune;
        PadIndex = padIndex;
    }

    /// <summary>The number of tokens, special ones included: the size of a one-hot input or of a softmax output.</summary>
    public int Count => _tokens.Length;

    /// <summary>The index of <see cref="PadToken"/>, or −1 when the vocabulary was built without one.</summary>
    public int PadIndex { get; }

    /// <summary>Whether the vocabulary has a <see cref="PadToken"/>.</summary>
    public bool HasPad => PadIndex >= 0;

    /// <summary>All tokens in index order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>
    /// Builds the vocabulary of the characters in <paramref name="texts"/>. Characters seen fewer than
    /// <paramref name="minFrequency"/> times are left out (they encode to <see cref="UnknownIndex"/>).
    /// </summary>
    public static Vocabulary Build(IEnumerable<string> texts, int minFrequency = 0, bool reservePad = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegative(minFrequency);
        var counts = new Dictionary<int, (int Count, int FirstSeen)>();
        foreach (var text in texts)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            foreach (var rune in text.EnumerateRunes())
            {
                counts[rune.Value] = counts.TryGetValue(rune.Value, out var seen) ? (seen.Count + 1, seen.FirstSeen) : (1, counts.Count);
            }
        }

        var kept = counts
            .Where(entry => entry.Value.Count >= minFrequency)
            .OrderByDescending(entry => entry.Value.Count)
            .ThenBy(entry => entry.Value.FirstSeen)
            .Select(entry => entry.Key)
            .ToArray();
        var special = reservePad ? new[] { UnknownToken, PadToken } : [UnknownToken];
        var tokens = new string[special.Length + kept.Length];
        var indexOfRune = new Dictionary<int, int>(kept.Length);
        special.CopyTo(tokens, 0);
        for (var i = 0; i < kept.Length; i++)
        {
            tokens[special.Length + i] = new Rune(kept[i]).ToString();
            indexOfRune[kept[i]] = special.Length + i;
        }

        return new Vocabulary(tokens, indexOfRune, reservePad ? 1 : -1);
    }

    /// <summary>The token at <paramref name="index"/>: what greedy decoding emits for the argmax of an output row.</summary>
    public string Token(int index)
    {
        if ((uint)index >= (uint)_tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a token index in [0, {_tokens.Length}).");
        }

        return _tokens[index];
    }

    /// <summary>The index of <paramref name="character"/>, or <see cref="UnknownIndex"/> when it is not in the vocabulary.</summary>
    public int IndexOf(Rune character) => _indexOfRune.GetValueOrDefault(character.Value, UnknownIndex);

    /// <summary>The number of characters (Unicode scalar values) in <paramref name="text"/>: the length of its encoding.</summary>
    public static int LengthOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        return length;
    }

    /// <summary>The index of every character of <paramref name="text"/>.</summary>
    public int[] Encode(string text)
    {
        var ids = new int[LengthOf(text)];
        Encode(text, ids);
        return ids;
    }

    /// <summary>
    /// Writes the indices of the first <c>destination.Length</c> characters of <paramref name="text"/> (all of them when
    /// it is shorter) and returns how many were written.
    /// </summary>
    public int Encode(string text, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        var written = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (written == destination.Length)
            {
                break;
            }

            destination[written++] = IndexOf(rune);
        }

        return written;
    }

    /// <summary>The tokens of <paramref name="ids"/> joined without separators, as d2l's <c>''.join(vocab.to_tokens(ids))</c>.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new StringBuilder(ids.Length);
        foreach (var id in ids)
        {
            text.Append(Token(id));
        }

        return text.ToString();
    }

    /// <summary>E.g. <c>Vocabulary(28 tokens: &lt;unk&gt; ' ' e t a i n o s h …)</c>.</summary>
    public override string ToString()
    {
        const int shown = 16;
        var tokens = _tokens.Take(shown).Select(token => token == " " ? "' '" : token);
        return $"Vocabulary({Count} tokens: {string.Join(' ', tokens)}{(Count > shown ? " …" : "")})";
    }
}
