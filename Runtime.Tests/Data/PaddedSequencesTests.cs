using Strata.Data;
using Strata.Samples;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class PaddedSequencesTests
{
    private static readonly Vocabulary Letters = Vocabulary.Build(["aaaabbbcc"], reservePad: true); // <unk> <pad> a b c

    [Fact]
    public void Encode_pads_short_texts_and_keeps_the_first_characters_of_long_ones()
    {
        var padded = PaddedSequences.Encode(["ab", "cabca", "x"], Letters, maxLength: 4);

        Assert.Equal(3, padded.Count);
        Assert.Equal(4, padded.MaxLength);
        Assert.Equal(1, padded.PadValue);
        Assert.Equal([2, 4, 1], padded.Lengths.ToArray());
        Assert.Equal([2, 3, 1, 1, /**/ 4, 2, 3, 4, /**/ 0, 1, 1, 1], padded.Ids.ToArray());
        Assert.Equal([4, 2, 3, 4], padded.Row(1).ToArray());
    }

    [Fact]
    public void Gather_pads_a_batch_only_to_its_longest_sequence()
    {
        var padded = PaddedSequences.Encode(["ab", "cabca", "c", "bb"], Letters, maxLength: 6);
        var ids = new float[3 * 6];
        var lengths = new int[3];

        var steps = padded.Gather<float>([3, 0, 2], ids, lengths);

        Assert.Equal(2, steps);
        Assert.Equal([2, 2, 1], lengths);
        Assert.Equal([3f, 3f, /**/ 2f, 3f, /**/ 4f, 1f], ids[..6]);
        Assert.Equal(5, padded.Gather<float>([1], ids, lengths.AsSpan(0, 1)));
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_expected_and_actual()
    {
        var withoutPad = Vocabulary.Build(["ab"]);
        Assert.Contains("reservePad", Assert.Throws<ArgumentException>(() => PaddedSequences.Encode(["a"], withoutPad, 3)).Message);
        Assert.Contains("Text 1 is empty", Assert.Throws<ArgumentException>(() => PaddedSequences.Encode(["a", ""], Letters, 3)).Message);
        Assert.Contains("2 sequences × 3 = 6 ids, got 5", Assert.Throws<ArgumentException>(() => new PaddedSequences(new int[5], [1, 1], 3, 0)).Message);
        Assert.Contains("[1, 3]", Assert.Throws<ArgumentException>(() => new PaddedSequences(new int[6], [1, 4], 3, 0)).Message);

        var padded = PaddedSequences.Encode(["abc", "a"], Letters, 3);
        Assert.Contains("[0, 2)", Assert.Throws<ArgumentException>(() => padded.Gather<int>([2], new int[3], new int[1])).Message);
        Assert.Contains("2 × 3 = 6", Assert.Throws<ArgumentException>(() => padded.Gather<int>([0, 1], new int[5], new int[2])).Message);
    }

    [Fact]
    public void Reviews_shorter_than_the_length_are_kept_whole_and_decode_back()
    {
        var (train, test) = SyntheticReviews.Generate(2000, seed: 5).Split(0.8);
        var vocabulary = Vocabulary.Build(train.Texts, reservePad: true);
        var padded = PaddedSequences.Encode(test.Texts, vocabulary, maxLength: 20);

        Assert.Equal(test.Texts.Select(t => t.Length), padded.Lengths.ToArray());
        for (var i = 0; i < test.Count; i++)
        {
            var decoded = vocabulary.Decode(padded.Row(i)[..padded.Lengths[i]]);
            Assert.Equal(test.Texts[i].Length, decoded.Replace("<unk>", "?").Length);
        }
    }
}
