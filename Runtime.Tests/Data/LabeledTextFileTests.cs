using System.Text;
using Strata.Data;
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
    public void Loads_the_real_reviews_with_the_documented_label_counts()
    {
        var reviews = LabeledTextFile.Load(SharedData.Directory("sentiment", "reviews.tsv"));

        // data/README.md: 16,000 sentences, 10,679 zeros and 5,321 ones.
        Assert.Equal(16_000, reviews.Count);
        Assert.Equal(2, reviews.ClassCount);
        Assert.Equal(10_679, reviews.Labels.ToArray().Count(l => l == 0));
        Assert.Equal(5_321, reviews.Labels.ToArray().Count(l => l == 1));
        Assert.Equal("酸菜鱼不错", reviews.Texts[0]);
        Assert.Equal(1, reviews.Labels[3]);
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
