namespace Strata.Runtime.Tests.Coverage;

/// <summary>
/// Declares that a test method provides <see cref="Check"/> for the given layer or activation attributes, so that
/// <see cref="LayerCoverageTests"/> can tell which (layer, check) pairs no test covers.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute(Check check, params Type[] attributes) : Attribute
{
    public Check Check { get; } = check;

    public IReadOnlyList<Type> Attributes { get; } = attributes;
}
