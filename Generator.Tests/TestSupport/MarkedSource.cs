using Microsoft.CodeAnalysis.Text;

namespace Strata.Generator.Tests.TestSupport;

/// <summary>
/// Source text with one span marked as <c>{|...|}</c>: the text without the markers and the line/column span they
/// enclosed, which is where a diagnostic must point.
/// </summary>
internal sealed record MarkedSource(string Text, LinePositionSpan Span)
{
    public static MarkedSource Parse(string marked)
    {
        var start = marked.IndexOf("{|", StringComparison.Ordinal);
        var end = marked.IndexOf("|}", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the source must mark one span with {| and |}");
        var text = marked.Remove(end, 2).Remove(start, 2);
        var lines = SourceText.From(text).Lines;
        return new MarkedSource(text, new LinePositionSpan(lines.GetLinePosition(start), lines.GetLinePosition(end - 2)));
    }
}
