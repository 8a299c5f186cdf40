namespace Strata.Generator.Model
{
    /// <summary>
    /// The partial properties of a model whose Strata errors stop generation (see <see cref="PropertyStub"/>), whether
    /// it still needs the generated <c>(Device, int)</c> constructor that user code calls, and which model interface
    /// (<see cref="StubInterface"/>) to stub so that calls such as <c>model.Summary</c> still bind.
    /// </summary>
    internal sealed record StubbedModel(string? Namespace, string ClassName, EquatableArray<PropertyStub> Properties, bool Constructor, StubInterface Interface);
}
