using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class VocabularyTests
{
    [Fact]
    public void Orders_by_frequency_with_ties_in_order_of_first_occurrence_after_unk()
    {
        // Counted by hand: a×5, b×2, r×2 (b seen first), c×1, d×1 (c seen first).
        var vocabulary = Vocabulary.Build(["abra", "cadabra"]);
        Assert.Equal(["<unk>", "a", "b", "r", "c", "d"], vocabulary.Tokens);
        Assert.Equal(6, vocabulary.Count);
        Assert.False(vocabulary.HasPad);
        Assert.Equal(-1, vocabulary.PadIndex);
    }

    [Fact]
    public void Min_frequency_drops_rare_characters_to_unk()
    {
        var vocabulary = Vocabulary.Build(["abracadabra"], minFrequency: 2);
        Assert.Equal(["<unk>", "a", "b", "r"], vocabulary.Tokens);
        Assert.Equal([1, 2, 3, 0, 0], vocabulary.Encode("abrcd"));
    }

    [Fact]
    public void Reserving_pad_puts_it_at_index_one()
    {
        var vocabulary = Vocabulary.Build(["ba", "a"], reservePad: true);
        Assert.Equal(["<unk>", "<pad>", "a", "b"], vocabulary.Tokens);
        Assert.Equal(1, vocabulary.PadIndex);
        Assert.True(vocabulary.HasPad);
    }

    [Fact]
    public void Encode_and_decode_round_trip_and_unknown_characters_decode_as_unk()
    {
        var vocabulary = Vocabulary.Build(["hello world"]);
        var ids = vocabulary.Encode("hello world");
        Assert.Equal("hello world", vocabulary.Decode(ids));
        Assert.Equal("l", vocabulary.Token(ids[2]));
        Assert.Equal("h<unk>", vocabulary.Decode(vocabulary.Encode("hz")));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_is_one_token()
    {
        var vocabulary = Vocabulary.Build(["😀a😀"]);
        Assert.Equal(["<unk>", "😀", "a"], vocabulary.Tokens);
        Assert.Equal([1, 2, 1], vocabulary.Encode("😀a😀"));
        Assert.Equal(3, Vocabulary.LengthOf("😀a😀"));
    }

    [Fact]
    public void Encoding_into_a_short_buffer_keeps_the_first_characters()
    {
        var vocabulary = Vocabulary.Build(["abc"]);
        Span<int> buffer = stackalloc int[2];
        Assert.Equal(2, vocabulary.Encode("cba", buffer));
        Assert.Equal("cb", vocabulary.Decode(buffer));
    }

    [Fact]
    public void Out_of_range_indices_are_rejected_and_ToString_shows_count_and_tokens()
    {
        var vocabulary = Vocabulary.Build(["a b"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Token(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Token(-1));
        Assert.Equal("Vocabulary(4 tokens: <unk> a ' ' b)", vocabulary.ToString());
    }
}
