using System.Text.RegularExpressions;
using Strata.Data;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public class TimeMachineTests
{
    /// <summary>d2l's read_time_machine + char tokenize, transcribed with .NET's regex: the oracle.</summary>
    private static string D2lReference(string text) => string.Concat(
        text.Replace("\r\n", "\n").Split('\n').Select(line => Regex.Replace(line, "[^A-Za-z]+", " ").Trim(' ').ToLowerInvariant()));

    [Fact]
    public void Non_letters_collapse_to_one_space_lines_are_stripped_and_joined_without_separators()
    {
        // By hand: "hello world" + "" + "it s" + "end".
        Assert.Equal("hello worldit send", TimeMachine.Preprocess("Hello, World!\n\n  it's 1898 --\r\nEnd"));
        Assert.Equal("", TimeMachine.Preprocess("1898 -- 42\n\n"));
        Assert.Equal("ab", TimeMachine.Preprocess("a\rb"));
    }

    [Fact]
    public void The_full_book_gives_d2ls_170580_characters_over_27_distinct_ones()
    {
        var text = File.ReadAllText(RepoData.Path("text", "timemachine.txt"));
        var characters = TimeMachine.Preprocess(text);

        Assert.Equal(170_580, characters.Length);
        Assert.Equal(27, characters.Distinct().Count());
        Assert.Equal(D2lReference(text), characters);
        Assert.StartsWith("the time machine by h g wellsithe time traveller for so it will be convenient to speak of himwas", characters);
    }

    [Fact]
    public void The_built_in_opening_is_the_start_of_chapter_one()
    {
        var text = File.ReadAllText(RepoData.Path("text", "timemachine.txt"));
        var opening = TimeMachine.Preprocess(TimeMachine.Opening);
        Assert.Equal(D2lReference(TimeMachine.Opening), opening);
        Assert.Contains(opening, TimeMachine.Preprocess(text));
        Assert.StartsWith("the time traveller for so it will be convenient", opening);
        Assert.Equal(4_544, opening.Length);
    }
}
