using System.Text;
using Strata.Data;
using Strata.Samples;
using Xunit;

namespace Strata.Runtime.Tests.Data;

public sealed class LabeledTextFileTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("strata-tsv-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Write(string content)
    {
        var path = Path.Combine(_temp, $"{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    [Fact]
    public void Reads_back_every_review_it_is_given_in_order()
    {
        var reviews = SyntheticReviews.Generate(500, seed: 7);
        var path = Write(string.Concat(reviews.Texts.Select((text, i) => $"{reviews.Labels[i]}\t{text}\n")));

        var loaded = LabeledTextFile.Load(path);

        Assert.Equal(reviews.Texts, loaded.Texts);
        Assert.Equal(reviews.Labels.ToArray(), loaded.Labels.ToArray());
        Assert.Equal(2, loaded.ClassCount);
    }

    [Fact]
    public void Reads_labels_and_texts_keeping_later_tabs_and_skipping_empty_lines()
    {
        var data = LabeledTextFile.Load(Write("1\t好吃\n\n0\ta\tb\r\n2\t很差\n"));
        Assert.Equal(["好吃", "a\tb", "很差"], data.Texts);
        Assert.Equal([1, 0, 2], data.Labels.ToArray());
        Assert.Equal(3, data.ClassCount);
    }

    [Theory]
    [InlineData("0\tok\nno tab here\n", "line 2", "no tab")]
    [InlineData("0\tok\n0\tok\nx\tbad\n", "line 3", "\"x\"")]
    [InlineData("-1\tneg\n", "line 1", "\"-1\"")]
    [InlineData("0\tok\n1\t\n", "line 2", "empty")]
    [InlineData("", "is empty", "label<TAB>text")]
    [InlineData("\n\n", "is empty", "label<TAB>text")]
    public void Bad_lines_are_argument_errors_naming_the_path_and_line(string content, string where, string what)
    {
        var path = Write(content);
        var error = Assert.Throws<ArgumentException>(() => LabeledTextFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(where, error.Message);
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = Path.Combine(_temp, "missing.tsv");
        Assert.Contains(missing, Assert.Throws<ArgumentException>(() => LabeledTextFile.Load(missing)).Message);
    }
}
