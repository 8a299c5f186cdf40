namespace Strata.Generator.Model
{
    /// <summary>A model input beside the first: the name layers read it by (and its parameter's name) and its shape, whose time axis is its own.</summary>
    internal sealed record NamedInput(string Name, Shape Shape);
}
