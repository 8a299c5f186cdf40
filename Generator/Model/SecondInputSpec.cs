namespace Strata.Generator.Model
{
    /// <summary>The <c>[SecondInput(name, ...)]</c> attribute: the name layers read it by, one argument per dimension, and where it is written.</summary>
    internal sealed record SecondInputSpec(NameArgument Name, EquatableArray<LayerArgument> Dimensions, SourceLocation Location);
}
