namespace Strata.Generator.Model
{
    /// <summary>
    /// A <c>[Block]</c> class as parsed: its parameters and its items (layers and nested block uses) in declaration
    /// order, with their arguments still expressions of the parameters. Each use expands it with its own values.
    /// </summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ClassName">The class name.</param>
    /// <param name="MetadataName">The name uses refer to it by, e.g. <c>Samples.Residual</c>.</param>
    /// <param name="ClassLocation">The class identifier.</param>
    /// <param name="Parameters">The primary constructor's parameters, in order.</param>
    /// <param name="Items">The layer properties and block uses in declaration order.</param>
    /// <param name="Complete">Whether every item could be read, so that uses can be expanded.</param>
    /// <param name="Diagnostics">What is wrong with the declaration itself, whatever its uses.</param>
    internal sealed record BlockSpec(
        string? Namespace,
        string ClassName,
        string MetadataName,
        SourceLocation ClassLocation,
        EquatableArray<BlockParameter> Parameters,
        EquatableArray<GraphItem> Items,
        bool Complete,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>A block parameter: its name and whether it is a bool (otherwise an int).</summary>
    internal sealed record BlockParameter(string Name, bool IsBool);
}
