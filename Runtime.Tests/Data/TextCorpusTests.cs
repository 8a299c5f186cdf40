using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public sealed class TextCorpusTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("strata-text-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Loads_the_first_10000_characters_of_the_book_with_d2ls_28_token_vocabulary()
    {
        var path = RepoData.Path("text", "timemachine.txt");
        var corpus = TextCorpus.Load(path, maxTokens: 10_000);

        Assert.Equal(10_000, corpus.Tokens.Length);
        Assert.Equal(28, corpus.Vocabulary.Count);
        Assert.Equal("<unk>", corpus.Vocabulary.Token(0));

        // Most frequent first: in English prose the space, then 'e'; the book's counts, taken independently here.
        var preprocessed = TimeMachine.Preprocess(File.ReadAllText(path));
        var byFrequency = preprocessed.GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => g.Key.ToString());
        Assert.Equal(byFrequency, corpus.Vocabulary.Tokens.Skip(1));
        Assert.Equal(" ", corpus.Vocabulary.Token(1));
        Assert.Equal("e", corpus.Vocabulary.Token(2));
        Assert.Equal(preprocessed[..10_000], corpus.Vocabulary.Decode(corpus.Tokens));
    }

    [Fact]
    public void Without_a_limit_every_character_is_kept()
    {
        var corpus = TextCorpus.Load(RepoData.Path("text", "timemachine.txt"));
        Assert.Equal(170_580, corpus.Tokens.Length);
    }

    [Fact]
    public void The_built_in_text_needs_no_file()
    {
        var corpus = TextCorpus.FromText(TimeMachine.Opening);
        Assert.Equal(TimeMachine.Preprocess(TimeMachine.Opening), corpus.Vocabulary.Decode(corpus.Tokens));
        Assert.Equal(28, corpus.Vocabulary.Count); // all 26 letters and the space occur in the opening
    }

    [Fact]
    public void A_missing_or_empty_file_is_an_argument_error_naming_the_path()
    {
        var missing = Path.Combine(_temp, "missing.txt");
        Assert.Contains(missing, Assert.Throws<ArgumentException>(() => TextCorpus.Load(missing)).Message);

        var empty = Path.Combine(_temp, "empty.txt");
        File.WriteAllText(empty, "");
        var error = Assert.Throws<ArgumentException>(() => TextCorpus.Load(empty));
        Assert.Contains(empty, error.Message);
        Assert.Contains("is empty", error.Message);

        var digits = Path.Combine(_temp, "digits.txt");
        File.WriteAllText(digits, "1898\n--\n");
        Assert.Contains(digits, Assert.Throws<ArgumentException>(() => TextCorpus.Load(digits)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCorpus.FromText("abc", maxTokens: 0));
    }
}
