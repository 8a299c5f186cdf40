namespace Strata.Generator.Model
{
    /// <summary>A declared partial property that a model with errors still has to implement, so the build shows only the Strata errors.</summary>
    internal sealed record PropertyStub(string Modifiers, string TypeName, string Name, EquatableArray<string> Accessors);
}
