namespace Strata.Generator.Model
{
    /// <summary>A layer named in an attribute (by <c>nameof</c>), with where it is written.</summary>
    /// <param name="Name">The layer property's name.</param>
    /// <param name="Location">The argument, for diagnostics.</param>
    internal sealed record NameArgument(string Name, SourceLocation Location);
}
