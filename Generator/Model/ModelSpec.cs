namespace Strata.Generator.Model
{
    /// <summary>A <c>[Model]</c> class as parsed: its name, its input and its layers in declaration order.</summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ClassName">The class name.</param>
    /// <param name="ClassLocation">The class identifier.</param>
    /// <param name="Input">The <c>[Input]</c> attribute, or null when it is missing.</param>
    /// <param name="Items">The layer properties and block uses in declaration order, up to the first one that could not be read.</param>
    /// <param name="LayersComplete">Whether every layer property could be read, so that shapes can be checked to the end.</param>
    /// <param name="Emittable">False when the compiler reports an error that code generation cannot work around.</param>
    /// <param name="Ctc">The <c>[Ctc(maxLabelLength)]</c> attribute, or null when the model has none.</param>
    /// <param name="SecondInput">The <c>[SecondInput(name, ...)]</c> attribute of an encoder–decoder model, or null.</param>
    internal sealed record ModelSpec(
        string? Namespace,
        string ClassName,
        SourceLocation ClassLocation,
        InputSpec? Input,
        EquatableArray<GraphItem> Items,
        bool LayersComplete,
        bool Emittable,
        CtcSpec? Ctc = null,
        SecondInputSpec? SecondInput = null);
}
