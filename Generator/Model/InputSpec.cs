namespace Strata.Generator.Model
{
    /// <summary>The <c>[Input(...)]</c> attribute: one argument per per-sample dimension.</summary>
    internal sealed record InputSpec(EquatableArray<LayerArgument> Dimensions, SourceLocation Location);
}
