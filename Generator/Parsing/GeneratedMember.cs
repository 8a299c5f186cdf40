namespace Strata.Generator.Parsing
{
    /// <summary>
    /// A member the generator adds to every model class, which no user member may clash with.
    /// </summary>
    /// <param name="Name">Its name.</param>
    /// <param name="Description">How a message names it, e.g. <c>the IModel method Forward(Tensor)</c>.</param>
    /// <param name="ParameterTypes">
    /// A method's parameter types as Roslyn displays them; a user method of the same name with other parameters is a
    /// legal overload. Null for fields, properties and nested types, which clash by name alone.
    /// </param>
    internal sealed record GeneratedMember(string Name, string Description, string[]? ParameterTypes);
}
