namespace Strata.Generator.Model
{
    /// <summary>
    /// The partial properties of a model whose errors stop generation (see <see cref="PropertyStub"/>), whether it still
    /// needs the generated <c>(Device, int)</c> constructor that user code calls, and which model interface
    /// (<see cref="StubInterface"/>) to stub so that calls such as <c>model.Summary</c> still bind.
    /// </summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ClassName">The class name, without type parameters.</param>
    /// <param name="Properties">The declared partial properties that have no implementation.</param>
    /// <param name="Constructor">Whether to stub the <c>(Device, int)</c> constructor.</param>
    /// <param name="Interface">The interface to stub.</param>
    /// <param name="Declaration">The class's own header without its base list, e.g. <c>partial class Net&lt;T&gt;</c> or <c>partial record Net</c>.</param>
    /// <param name="Containers">The headers of the types it is nested in, outermost first, e.g. <c>partial class Outer</c>.</param>
    /// <param name="HintStem">The generated file's name before <c>.stubs.g.cs</c>, e.g. <c>Demo.Outer.Net`1</c>.</param>
    /// <param name="ChainToBase">Whether the constructor calls <c>base(device, seed)</c>: the class derives from a model.</param>
    internal sealed record StubbedModel(
        string? Namespace,
        string ClassName,
        EquatableArray<PropertyStub> Properties,
        bool Constructor,
        StubInterface Interface,
        string Declaration,
        EquatableArray<string> Containers,
        string HintStem,
        bool ChainToBase);
}
