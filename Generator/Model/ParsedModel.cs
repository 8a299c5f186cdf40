namespace Strata.Generator.Model
{
    /// <summary>What parsing produced: the spec and the diagnostics about the declaration.</summary>
    internal sealed record ParsedModel(ModelSpec Spec, EquatableArray<DiagnosticInfo> Diagnostics, StubbedModel? Stubs = null);
}
