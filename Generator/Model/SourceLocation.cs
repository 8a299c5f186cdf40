using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Strata.Generator.Model
{
    /// <summary>
    /// Where a diagnostic points, kept as plain values: a <see cref="Location"/> holds the syntax tree, which would
    /// defeat the generator's caching.
    /// </summary>
    internal sealed record SourceLocation(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static SourceLocation Of(SyntaxNode node) =>
            new(node.SyntaxTree.FilePath, node.Span, node.SyntaxTree.GetLineSpan(node.Span).Span);

        public static SourceLocation Of(SyntaxToken token) =>
            new(token.SyntaxTree?.FilePath ?? string.Empty, token.Span, token.GetLocation().GetLineSpan().Span);

        public static SourceLocation Of(Location location) =>
            new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }
}
