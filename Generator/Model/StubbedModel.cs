namespace Strata.Generator.Model
{
    /// <summary>
    /// The partial properties of a model whose Strata errors stop generation (see <see cref="PropertyStub"/>), and whether
    /// it still needs the generated <c>(Device, int)</c> constructor that user code calls.
    /// </summary>
    internal sealed record StubbedModel(string? Namespace, string ClassName, EquatableArray<PropertyStub> Properties, bool Constructor);
}
