using System.Numerics;

namespace Strata.Data;

/// <summary>
/// Variable-length integer sequences (token ids, or per-token labels) stored padded to [Count, MaxLength] with a lengths
/// vector. <see cref="Gather"/> copies a batch padded only to its own longest sequence, so the time dimension of a batch
/// varies and the lengths mask the padding in the loss (see <c>SequenceCrossEntropy</c>).
/// </summary>
public sealed class PaddedSequences
{
    private readonly int[] _ids;
    private readonly int[] _lengths;

    /// <summary>
    /// Wraps <paramref name="ids"/> ([count, maxLength], positions at or past a sequence's length hold
    /// <paramref name="padValue"/>) and <paramref name="lengths"/> (each in [1, maxLength]) without copying.
    /// </summary>
    public PaddedSequences(int[] ids, int[] lengths, int maxLength, int padValue)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (ids.LongLength != (long)lengths.Length * maxLength)
        {
            throw new ArgumentException(
                $"Expected {lengths.Length} sequences × {maxLength} = {(long)lengths.Length * maxLength} ids, got {ids.Length}.", nameof(ids));
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] < 1 || lengths[i] > maxLength)
            {
                throw new ArgumentException($"Length {i} is {lengths[i]}; expected a length in [1, {maxLength}].", nameof(lengths));
            }
        }

        _ids = ids;
        _lengths = lengths;
        MaxLength = maxLength;
        PadValue = padValue;
    }

    /// <summary>The number of sequences.</summary>
    public int Count => _lengths.Length;

    /// <summary>The padded length of every stored row.</summary>
    public int MaxLength { get; }

    /// <summary>The value at padded positions.</summary>
    public int PadValue { get; }

    /// <summary>All ids, [Count, MaxLength].</summary>
    public ReadOnlySpan<int> Ids => _ids;

    /// <summary>The length of each sequence.</summary>
    public ReadOnlySpan<int> Lengths => _lengths;

    /// <summary>Sequence <paramref name="index"/>, padded to <see cref="MaxLength"/>.</summary>
    public ReadOnlySpan<int> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _ids.AsSpan(index * MaxLength, MaxLength);
    }

    /// <summary>
    /// Encodes each text character by character with <paramref name="vocabulary"/> (which must have a
    /// <see cref="Vocabulary.PadToken"/>), keeping the first <paramref name="maxLength"/> characters of longer texts (as
    /// d2l's <c>truncate_pad</c>) and padding shorter ones with <see cref="Vocabulary.PadIndex"/>.
    /// </summary>
    public static PaddedSequences Encode(IReadOnlyList<string> texts, Vocabulary vocabulary, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (!vocabulary.HasPad)
        {
            throw new ArgumentException(
                $"Padding needs a vocabulary with {Vocabulary.PadToken}; build it with reservePad: true. Got {vocabulary}.", nameof(vocabulary));
        }

        var ids = new int[texts.Count * maxLength];
        var lengths = new int[texts.Count];
        ids.AsSpan().Fill(vocabulary.PadIndex);
        for (var i = 0; i < texts.Count; i++)
        {
            lengths[i] = vocabulary.Encode(texts[i], ids.AsSpan(i * maxLength, maxLength));
            if (lengths[i] == 0)
            {
                throw new ArgumentException($"Text {i} is empty; every sequence needs at least one token.", nameof(texts));
            }
        }

        return new PaddedSequences(ids, lengths, maxLength, vocabulary.PadIndex);
    }

    /// <summary>
    /// The length of the longest sequence at <paramref name="rows"/>: the padded length T of their batch (see
    /// <see cref="Gather"/>). Throws <see cref="ArgumentException"/> for a row out of range.
    /// </summary>
    public int PaddedLength(ReadOnlySpan<int> rows)
    {
        var steps = 0;
        for (var b = 0; b < rows.Length; b++)
        {
            if ((uint)rows[b] >= (uint)Count)
            {
                throw new ArgumentException($"Row {b} is {rows[b]}; expected an index in [0, {Count}).", nameof(rows));
            }

            steps = Math.Max(steps, _lengths[rows[b]]);
        }

        return steps;
    }

    /// <summary>
    /// Copies the sequences at <paramref name="rows"/> into a batch padded to their longest length T, which it returns:
    /// <paramref name="ids"/>[..rows.Length × T] is [rows.Length, T] and <paramref name="lengths"/> gets each length.
    /// Ids may be floats, for a model whose input tensor holds token ids.
    /// </summary>
    public int Gather<T>(ReadOnlySpan<int> rows, Span<T> ids, Span<int> lengths)
        where T : INumberBase<T>
    {
        if (lengths.Length != rows.Length)
        {
            throw new ArgumentException($"Expected {rows.Length} lengths, one per row, got a buffer of {lengths.Length}.", nameof(lengths));
        }

        var steps = PaddedLength(rows);
        for (var b = 0; b < rows.Length; b++)
        {
            lengths[b] = _lengths[rows[b]];
        }

        if (ids.Length < rows.Length * steps)
        {
            throw new ArgumentException(
                $"Expected room for {rows.Length} × {steps} = {rows.Length * steps} ids, got {ids.Length}.", nameof(ids));
        }

        for (var b = 0; b < rows.Length; b++)
        {
            var source = _ids.AsSpan(rows[b] * MaxLength, steps);
            var target = ids.Slice(b * steps, steps);
            for (var t = 0; t < steps; t++)
            {
                target[t] = T.CreateTruncating(source[t]);
            }
        }

        return steps;
    }

    /// <inheritdoc />
    public override string ToString() => $"PaddedSequences[{Count}, {MaxLength}], pad {PadValue}";
}
